// A select of many options (a province's two thousand agencies) gains a box above it: typing part of a
// name narrows the list to the names that hold every word typed, and chooses the first of them, so that
// what the select shows is what the form sends. Clearing the box brings every option back and keeps the
// choice. Without scripts the select works as it is. Used on selects marked data-filter="<label>".
(function () {
  "use strict";

  var MIN_OPTIONS = 20; // a shorter list is read at a glance

  function normalise(text) {
    return (text.normalize ? text.normalize("NFKC") : text).toLowerCase();
  }

  function enhance(select) {
    var all = Array.prototype.slice.call(select.options);
    if (all.length < MIN_OPTIONS || !select.id || select.hasAttribute("data-filtered")) return;
    select.setAttribute("data-filtered", "");
    var empty = all.filter(function (option) { return option.value === ""; });
    var names = all.map(function (option) { return normalise(option.text); });

    var wrapper = document.createElement("div");
    wrapper.className = "select-filter";
    var label = document.createElement("label");
    var box = document.createElement("input");
    var status = document.createElement("p");
    box.type = "search";
    box.id = select.id + "-filter";
    box.autocomplete = "off";
    box.setAttribute("aria-controls", select.id);
    status.id = select.id + "-filter-status";
    status.className = "help";
    status.setAttribute("aria-live", "polite");
    box.setAttribute("aria-describedby", status.id);
    label.htmlFor = box.id;
    label.textContent = select.getAttribute("data-filter");
    wrapper.appendChild(label);
    wrapper.appendChild(box);
    wrapper.appendChild(status);
    select.parentNode.insertBefore(wrapper, select);

    var chosen = select.value;
    select.addEventListener("change", function () { chosen = select.value; });

    // Plain DOM calls: the browsers of government offices are often older Chromium cores (360, QQ).
    function show(options) {
      while (select.firstChild) select.removeChild(select.firstChild);
      options.forEach(function (option) { select.appendChild(option); });
    }

    // Enter in the box means "this one", not "send the form": the choice moves to the select.
    box.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      select.focus();
    });

    box.addEventListener("input", function () {
      var words = normalise(box.value).split(/\s+/).filter(Boolean);
      if (!words.length) {
        show(all);
        select.value = chosen;
        status.textContent = "";
        return;
      }
      var matches = all.filter(function (option, i) {
        return option.value !== "" && words.every(function (word) { return names[i].indexOf(word) >= 0; });
      });
      if (!matches.length) {
        // Nothing to narrow to: the list and the choice stay as they were.
        show(all);
        select.value = chosen;
        status.textContent = "没有名称含“" + box.value.trim() + "”的选项，请换个说法，或在列表中选择。";
        return;
      }
      show(empty.concat(matches));
      select.value = matches[0].value;
      chosen = select.value;
      status.textContent = "找到 " + matches.length + " 个，已选中“" + matches[0].text + "”" +
        (matches.length > 1 ? "，可在下面的列表中改选。" : "。");
    });
  }

  function start(root) {
    (root && root.querySelectorAll ? root : document).querySelectorAll("select[data-filter]").forEach(enhance);
  }

  // Forms that htmx brings into the page later (a step of a case) are enhanced as they arrive.
  document.addEventListener("htmx:load", function (event) { start(event.target); });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(document); });
  } else {
    start(document);
  }
})();
