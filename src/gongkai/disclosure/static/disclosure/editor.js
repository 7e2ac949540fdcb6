/*
 * 正文编辑器: a small rich-text editor over a <textarea data-rich-text>.
 *
 * Progressive enhancement: without JavaScript the textarea (HTML) is the field; with it, a toolbar and
 * an editable area replace it, and every change is written back into the textarea, which is what
 * the form submits. The server sanitises the HTML again on save (nh3); the allow-list here only
 * keeps pasted Word or web pages tidy while editing. 链接 and 表格 open dialogs of the page (keyboard
 * operable, labelled), never window.prompt. No dependency, nothing loaded from elsewhere.
 */
(function () {
  "use strict";

  var KEEP = {
    P: [], BR: [], H2: [], H3: [], H4: [], STRONG: [], B: [], EM: [], I: [], U: [],
    UL: [], OL: [], LI: [], BLOCKQUOTE: [], A: ["href"],
    TABLE: [], CAPTION: [], THEAD: [], TBODY: [], TR: [], TH: ["colspan", "rowspan"], TD: ["colspan", "rowspan"],
  };
  var DROP_WITH_CONTENT = { SCRIPT: 1, STYLE: 1, TEMPLATE: 1, IFRAME: 1, OBJECT: 1, HEAD: 1, META: 1, TITLE: 1 };

  /* Copies `from`'s children into `to`, keeping allowed tags and attributes and unwrapping the rest. */
  function cleanInto(from, to) {
    Array.prototype.forEach.call(from.childNodes, function (node) {
      if (node.nodeType === 3) {
        to.appendChild(document.createTextNode(node.nodeValue));
      } else if (node.nodeType === 1 && !DROP_WITH_CONTENT[node.tagName]) {
        var allowed = KEEP[node.tagName];
        if (!allowed) {
          // Word wraps paragraphs in <div>/<span> with styles: keep the text, and a block's break.
          cleanInto(node, to);
          if (/^(DIV|SECTION|ARTICLE|H1|H5|H6)$/.test(node.tagName)) to.appendChild(document.createElement("br"));
          return;
        }
        var copy = document.createElement(node.tagName === "B" ? "strong" : node.tagName === "I" ? "em" : node.tagName);
        allowed.forEach(function (name) {
          var value = node.getAttribute(name);
          if (value === null) return;
          if (name === "href" && !/^(https?:|mailto:|\/|#)/i.test(value.trim())) return;
          copy.setAttribute(name, value);
        });
        cleanInto(node, copy);
        to.appendChild(copy);
      }
    });
  }

  var BLOCKS = { P: 1, H2: 1, H3: 1, H4: 1, UL: 1, OL: 1, TABLE: 1, BLOCKQUOTE: 1 };

  /* Clean HTML whose top level is blocks only: loose text and inline runs go into paragraphs. */
  function cleanHtml(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    var out = document.createElement("div");
    cleanInto(parsed.body, out);
    var paragraph = null;
    Array.prototype.slice.call(out.childNodes).forEach(function (node) {
      if (node.nodeType === 1 && BLOCKS[node.tagName]) {
        paragraph = null;
      } else if (node.nodeType === 1 && node.tagName === "BR") {
        paragraph = null;
        out.removeChild(node);
      } else {
        if (!paragraph) {
          paragraph = document.createElement("p");
          out.insertBefore(paragraph, node);
        }
        paragraph.appendChild(node);
      }
    });
    Array.prototype.slice.call(out.querySelectorAll("p")).forEach(function (p) {
      if (!p.textContent.trim() && !p.querySelector("br")) p.parentNode.removeChild(p);
    });
    return out.innerHTML;
  }

  var TOOLS = [
    { label: "正文段落", block: "p" },
    { label: "标题", block: "h2" },
    { label: "小标题", block: "h3" },
    { label: "加粗", command: "bold", keys: "Ctrl+B", text: "B" },
    { label: "倾斜", command: "italic", keys: "Ctrl+I", text: "I" },
    { label: "项目列表", command: "insertUnorderedList" },
    { label: "编号列表", command: "insertOrderedList" },
    { label: "链接", link: true },
    { label: "插入表格", table: true, text: "表格" },
    { label: "清除格式", command: "removeFormat" },
    { label: "HTML源码", source: true, text: "源码" },
  ];

  function button(tool) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = tool.text || tool.label;
    b.title = tool.label + (tool.keys ? "（" + tool.keys + "）" : "");
    if (tool.text) b.setAttribute("aria-label", tool.label);
    return b;
  }

  /*
   * A modal dialog of the page (instead of window.prompt): labelled fields, errors announced and tied to
   * their field, Esc or 取消 to close, focus back on the toolbar button that opened it. It lives at the end
   * of <body>, outside the item form, so its own form neither nests nor submits the draft.
   */
  var dialogCount = 0;
  function makeDialog(id, title, submitLabel, fields, onSubmit) {
    dialogCount += 1;
    var dialog = document.createElement("dialog");
    dialog.className = "editor-dialog";
    dialog.id = id || "editor-dialog-" + dialogCount;
    var heading = document.createElement("h2");
    heading.id = dialog.id + "_title";
    heading.textContent = title;
    dialog.setAttribute("aria-labelledby", heading.id);
    var form = document.createElement("form");
    form.method = "dialog";
    form.noValidate = true;
    form.appendChild(heading);
    var controls = {}, errors = {};
    fields.forEach(function (spec) {
      var input = document.createElement("input");
      input.type = spec.type;
      input.id = dialog.id + "_" + spec.name;
      input.name = spec.name;
      if (spec.min !== undefined) input.min = spec.min;
      if (spec.max !== undefined) input.max = spec.max;
      input.defaultValue = spec.value || "";
      if (spec.type === "checkbox") input.defaultChecked = !!spec.checked;
      var label = document.createElement("label");
      label.htmlFor = input.id;
      var described = [];
      if (spec.type === "checkbox") {
        label.className = "choice";
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + spec.label));
        form.appendChild(label);
      } else {
        label.textContent = spec.label;
        form.appendChild(label);
        form.appendChild(input);
      }
      if (spec.help) {
        var help = document.createElement("p");
        help.className = "help";
        help.id = input.id + "_help";
        help.textContent = spec.help;
        form.appendChild(help);
        described.push(help.id);
      }
      var error = document.createElement("p");
      error.className = "field-error";
      error.id = input.id + "_error";
      error.hidden = true;
      form.appendChild(error);
      described.push(error.id);
      input.setAttribute("aria-describedby", described.join(" "));
      controls[spec.name] = input;
      errors[spec.name] = error;
    });
    var buttons = document.createElement("div");
    buttons.className = "dialog-buttons";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "btn btn-secondary";
    cancel.textContent = "取消";
    var ok = document.createElement("button");
    ok.type = "submit";
    ok.textContent = submitLabel;
    buttons.appendChild(cancel);
    buttons.appendChild(ok);
    form.appendChild(buttons);
    dialog.appendChild(form);
    document.body.appendChild(dialog);

    var opener = null;
    var api = { fields: controls, beforeOpen: null };
    function clearErrors() {
      Object.keys(errors).forEach(function (name) {
        errors[name].hidden = true;
        errors[name].textContent = "";
        errors[name].removeAttribute("role");
        controls[name].removeAttribute("aria-invalid");
      });
    }
    function fail(name, message) {
      errors[name].textContent = message;
      errors[name].hidden = false;
      errors[name].setAttribute("role", "alert");
      controls[name].setAttribute("aria-invalid", "true");
      controls[name].focus();
      return false;
    }
    api.open = function (button) {
      opener = button;
      form.reset();
      clearErrors();
      if (api.beforeOpen) api.beforeOpen();
      dialog.showModal();
      var first = form.querySelector("input");
      first.focus();
      if (first.select) first.select();
    };
    cancel.addEventListener("click", function () { dialog.close(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors();
      var values = {};
      Object.keys(controls).forEach(function (name) {
        values[name] = controls[name].type === "checkbox" ? controls[name].checked : controls[name].value;
      });
      // onSubmit checks the values and returns what to do once the dialog is closed (a modal dialog
      // keeps focus, and so the caret, out of the page until then), or false after an error.
      var apply = onSubmit(values, fail);
      if (!apply) return;
      opener = null;  // the caret goes back into the text, where the user goes on typing
      dialog.close();
      apply();
    });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
    return api;
  }

  function enhance(textarea) {
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var wrapper = document.createElement("div");
    wrapper.className = "rich-text";
    var toolbar = document.createElement("div");
    toolbar.className = "rich-text-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", (label ? label.textContent.trim() : "正文") + "格式");
    var area = document.createElement("div");
    area.className = "rich-text-area item-body";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    if (label) {
      if (!label.id) label.id = textarea.id + "_label";
      area.setAttribute("aria-labelledby", label.id);
      // The label now names the editable area; clicking it should focus what the user types into.
      label.addEventListener("click", function (event) { if (!textarea.hidden) return; event.preventDefault(); area.focus(); });
    }
    var help = textarea.getAttribute("aria-describedby") || (document.getElementById(textarea.id + "_help") ? textarea.id + "_help" : "");
    if (help) area.setAttribute("aria-describedby", help);
    area.innerHTML = cleanHtml(textarea.value);

    if (!area.innerHTML) area.innerHTML = "<p><br></p>";

    function save() {
      textarea.value = cleanHtml(area.innerHTML).replace(/<p><br><\/p>/g, "");
    }
    function run(command, value) {
      area.focus();
      document.execCommand(command, false, value);
      save();
    }

    /* The selection in the editing area when a dialog opens, put back when it inserts. */
    var savedRange = null;
    function keepSelection() {
      var selection = window.getSelection();
      savedRange = selection.rangeCount && area.contains(selection.anchorNode) ? selection.getRangeAt(0).cloneRange() : null;
    }
    function restoreSelection() {
      area.focus();
      var selection = window.getSelection();
      selection.removeAllRanges();
      if (savedRange) {
        selection.addRange(savedRange);
      } else {
        var end = document.createRange();
        end.selectNodeContents(area);
        end.collapse(false);
        selection.addRange(end);
      }
    }

    var linkDialog = makeDialog(textarea.id + "_link", "插入链接", "插入链接", [
      { name: "href", label: "链接地址", type: "url", help: "以 http://、https:// 或 / 开头，例如 https://www.gov.cn/", value: "https://" },
      { name: "text", label: "链接文字", type: "text", help: "不填时使用选中的文字或链接地址" },
    ], function (values, fail) {
      var href = values.href.trim();
      if (!/^(https?:\/\/[^\s]+|\/[^\s]*)$/i.test(href) || /^https?:\/\/$/i.test(href)) {
        return fail("href", "请填写以 http://、https:// 或 / 开头的链接地址");
      }
      return function () {
        restoreSelection();
        var text = values.text.trim();
        var selected = savedRange && !savedRange.collapsed;
        if (selected && text === savedRange.toString().trim()) text = "";
        if (selected && !text) {
          document.execCommand("createLink", false, href);
        } else {
          var link = document.createElement("a");
          link.setAttribute("href", href);
          link.textContent = text || (selected ? savedRange.toString() : href);
          document.execCommand("insertHTML", false, link.outerHTML);
        }
        save();
      };
    });
    linkDialog.beforeOpen = function () {
      keepSelection();
      linkDialog.fields.text.value = savedRange ? savedRange.toString() : "";
    };

    var tableDialog = makeDialog(textarea.id + "_table", "插入表格", "插入表格", [
      { name: "rows", label: "行数（1–50）", type: "number", min: 1, max: 50, value: "3" },
      { name: "cols", label: "列数（1–12）", type: "number", min: 1, max: 12, value: "3" },
      { name: "header", label: "第一行作为表头", type: "checkbox", checked: true },
    ], function (values, fail) {
      var rows = parseInt(values.rows, 10), cols = parseInt(values.cols, 10);
      if (!(rows >= 1 && rows <= 50)) return fail("rows", "行数应为1至50");
      if (!(cols >= 1 && cols <= 12)) return fail("cols", "列数应为1至12");
      var html = "<table><tbody>";
      for (var r = 0; r < rows; r++) {
        html += "<tr>";
        for (var c = 0; c < cols; c++) html += r === 0 && values.header ? "<th>&nbsp;</th>" : "<td>&nbsp;</td>";
        html += "</tr>";
      }
      return function () {
        restoreSelection();
        document.execCommand("insertHTML", false, html + "</tbody></table><p><br></p>");
        save();
      };
    });
    tableDialog.beforeOpen = keepSelection;

    var sourceButton;
    TOOLS.forEach(function (tool) {
      var b = button(tool);
      if (tool.source) {
        sourceButton = b;
        b.setAttribute("aria-pressed", "false");
      }
      b.addEventListener("click", function () {
        if (tool.source) {
          var showing = textarea.hidden;
          if (!showing) area.innerHTML = cleanHtml(textarea.value);
          textarea.hidden = !showing;
          area.hidden = showing;
          b.setAttribute("aria-pressed", String(showing));
          toolbar.querySelectorAll("button").forEach(function (other) { if (other !== b) other.disabled = showing; });
          (showing ? textarea : area).focus();
          return;
        }
        if (tool.block) return run("formatBlock", "<" + tool.block + ">");
        if (tool.command) return run(tool.command);
        if (tool.link) return linkDialog.open(b);
        if (tool.table) return tableDialog.open(b);
      });
      toolbar.appendChild(b);
    });

    area.addEventListener("input", save);
    area.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (!data) return;
      event.preventDefault();
      var html = data.getData("text/html");
      if (html) {
        document.execCommand("insertHTML", false, cleanHtml(html));
      } else {
        document.execCommand("insertText", false, data.getData("text/plain"));
      }
      save();
    });
    textarea.addEventListener("input", function () { area.innerHTML = cleanHtml(textarea.value); });
    if (textarea.form) textarea.form.addEventListener("submit", function () { if (textarea.hidden) save(); });

    document.execCommand("defaultParagraphSeparator", false, "p");
    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
    wrapper.appendChild(textarea);
    textarea.hidden = true;
  }

  function init() {
    document.querySelectorAll("textarea[data-rich-text]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
