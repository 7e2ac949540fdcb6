#!/usr/bin/env bash
# Starts the demo: a task worker in the background and the web server on 127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
export GONGKAI_DEMO=1
export GONGKAI_SITE_NAME="${GONGKAI_SITE_NAME:-云溪县政府信息公开平台}"
BIN=.venv/bin
mkdir -p var
"$BIN/gongkai" worker > var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "后台任务进程已启动（日志：var/worker.log，PID $worker）。"
echo "演示站点：http://127.0.0.1:8000/   工作人员登录：http://127.0.0.1:8000/accounts/login/"
"$BIN/gongkai" runserver 127.0.0.1:8000 --noreload
