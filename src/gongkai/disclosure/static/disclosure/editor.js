/*
 * 正文编辑器: a small rich-text editor over a <textarea data-rich-text>.
 *
 * Progressive enhancement: without JavaScript the textarea (HTML) is the field; with it, a toolbar and
 * an editable area replace it, and every change is written back into the textarea, which is what
 * the form submits. The server sanitises the HTML again on save (nh3); the allow-list here only
 * keeps pasted Word or web pages tidy while editing. No dependency, nothing loaded from elsewhere.
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
        if (tool.link) {
          var href = window.prompt("链接地址（以 http://、https:// 或 / 开头）", "https://");
          if (href && /^(https?:\/\/|\/)/i.test(href.trim())) run("createLink", href.trim());
          return;
        }
        if (tool.table) {
          var size = window.prompt("表格的行数和列数，例如 3×4", "3×3");
          var match = size && size.match(/(\d+)\D+(\d+)/);
          if (!match) return;
          var rows = Math.min(+match[1], 50), cols = Math.min(+match[2], 12), html = "<table><tbody>";
          for (var r = 0; r < rows; r++) {
            html += "<tr>";
            for (var c = 0; c < cols; c++) html += r === 0 ? "<th>&nbsp;</th>" : "<td>&nbsp;</td>";
            html += "</tr>";
          }
          run("insertHTML", html + "</tbody></table><p><br></p>");
        }
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
