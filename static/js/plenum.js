/* Plenum: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    // Language switcher: submit as soon as a language is chosen.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });

    // Result bars: <span data-percent="42.5"> gets its width here (the
    // Content-Security-Policy allows no style attribute; the numbers stand beside).
    document.querySelectorAll("[data-percent]").forEach(function (bar) {
      var percent = parseFloat(bar.getAttribute("data-percent"));
      if (!isNaN(percent)) bar.style.width = Math.max(0, Math.min(100, percent)) + "%";
    });

    // Ask before an irreversible action (withdraw, reject, delete).
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });

    // Live countdown to a deadline: <span data-countdown="ISO" data-label-days="…">.
    var counters = document.querySelectorAll("[data-countdown]");
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function tick() {
      var now = Date.now();
      counters.forEach(function (el) {
        var end = Date.parse(el.getAttribute("data-countdown"));
        var left = Math.max(0, Math.floor((end - now) / 1000));
        if (left === 0) { el.textContent = el.getAttribute("data-label-closed") || ""; return; }
        var d = Math.floor(left / 86400), h = Math.floor(left % 86400 / 3600);
        var m = Math.floor(left % 3600 / 60), s = left % 60;
        var days = d > 0 ? d + " " + (el.getAttribute(d === 1 ? "data-label-day" : "data-label-days") || "d") + " " : "";
        el.textContent = days + pad(h) + ":" + pad(m) + ":" + pad(s);
      });
    }
    if (counters.length) { tick(); window.setInterval(tick, 1000); }

    // Amendment form: "Replace" starts from the chosen paragraph's text (without
    // this script, the ?paragraph=N&kind=replace links prefill it server-side).
    var amend = document.querySelector("form[data-amendment-form]");
    var texts = document.getElementById("amendment-paragraphs");
    if (amend && texts) {
      texts = JSON.parse(texts.textContent);
      var box = amend.querySelector("textarea[name=text]");
      var which = amend.querySelector("select[name=paragraph]");
      var prefilled = box.value;
      var refill = function () {
        var kind = amend.querySelector("input[name=kind]:checked");
        var n = parseInt(which.value, 10);
        if (box.value !== prefilled && box.value.trim() !== "") return;  // the user's own words
        prefilled = (kind && kind.value === "replace" && n >= 1 && texts[n - 1]) || "";
        box.value = prefilled;
      };
      amend.addEventListener("change", function (event) {
        if (event.target === which || event.target.name === "kind") refill();
      });
    }

    // A form is sent once: after its submit (not cancelled, e.g. by data-confirm)
    // a second submit is ignored and its buttons are disabled. The server
    // recognises a repeat anyway (the form's one-time token, config/once.py).
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") return;
      if (form.hasAttribute("data-sending")) { event.preventDefault(); return; }
      form.setAttribute("data-sending", "");
      // After the form's data is gathered: a disabled button would not be sent.
      window.setTimeout(function () {
        form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
          if (!button.disabled) { button.disabled = true; button.setAttribute("data-sent", ""); }
        });
      }, 0);
    });
    // Back to a page kept in the browser's cache: its forms can be sent again.
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("form[data-sending]").forEach(function (form) {
        form.removeAttribute("data-sending");
        form.querySelectorAll("[data-sent]").forEach(function (button) {
          button.disabled = false;
          button.removeAttribute("data-sent");
        });
      });
    });

    // Warn before leaving a form with unsaved changes.
    document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
      var dirty = false;
      form.addEventListener("input", function () { dirty = true; });
      form.addEventListener("submit", function () { dirty = false; });
      window.addEventListener("beforeunload", function (event) {
        if (dirty) { event.preventDefault(); event.returnValue = ""; }
      });
    });

    // Split ballot: the sum of the three parts, live, against the weight (the
    // server checks it again).
    document.querySelectorAll("form[data-ballot-form]").forEach(function (form) {
      var out = form.querySelector("[data-split-sum]");
      if (!out) return;
      var weight = parseInt(form.getAttribute("data-weight"), 10);
      var parts = form.querySelectorAll(".split-parts input[type=number]");
      var base = out.textContent;
      var update = function () {
        var sum = 0;
        parts.forEach(function (input) { sum += parseInt(input.value, 10) || 0; });
        out.textContent = base + " " + sum + " / " + weight + (sum === weight ? " ✓" : "");
      };
      parts.forEach(function (input) {
        input.addEventListener("input", function () {
          var split = form.querySelector("input[name$=choice][value=split]");
          if (split) split.checked = true;
          update();
        });
      });
      update();
    });

    // The EU submission pack: a live count as the portal counts (code points once
    // line breaks are \n, eu.selectors.feedback_length) and copy buttons.
    document.querySelectorAll("[data-count-of]").forEach(function (out) {
      var field = document.getElementById(out.getAttribute("data-count-of"));
      var limit = parseInt(out.getAttribute("data-limit"), 10);
      if (!field) return;
      var update = function () {
        var n = Array.from(field.value.replace(/\r\n?/g, "\n")).length;
        out.textContent = String(n);
        out.classList.toggle("over-limit", n > limit);
      };
      field.addEventListener("input", update);
      update();
    });
    document.querySelectorAll("[data-copy-from]").forEach(function (button) {
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy-from"));
        if (!source || !navigator.clipboard) return;
        var text = source.tagName === "TEXTAREA" ? source.value : source.textContent;
        navigator.clipboard.writeText(text).then(function () {
          button.setAttribute("data-copied", "");
        });
      });
    });
  });
})();
