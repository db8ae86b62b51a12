(function () {
  "use strict";
  // Evidence links: scroll the report text to the line and mark the quoted span.
  // Report text is only ever handled as text nodes (textContent, createTextNode): never as HTML.
  var marked = [];

  function clear() {
    for (var i = 0; i < marked.length; i++) {
      var line = marked[i];
      line.classList.remove("hl");
      var tx = line.querySelector(".tx");
      if (tx && tx.querySelector("mark")) {
        tx.textContent = tx.textContent;
      }
    }
    marked = [];
  }

  function highlight(link) {
    var id = link.getAttribute("data-target");
    var line = id ? document.getElementById(id) : null;
    if (!line) {
      return false;
    }
    clear();
    line.classList.add("hl");
    marked.push(line);
    var tx = line.querySelector(".tx");
    var start = parseInt(link.getAttribute("data-start"), 10);
    var end = parseInt(link.getAttribute("data-end"), 10);
    if (tx && !isNaN(start) && !isNaN(end) && start >= 0 && end > start) {
      var text = tx.textContent;
      if (end <= text.length) {
        var mark = document.createElement("mark");
        mark.className = link.classList.contains("ev-near_miss") ? "near" : "hit";
        mark.textContent = text.slice(start, end);
        while (tx.firstChild) {
          tx.removeChild(tx.firstChild);
        }
        tx.appendChild(document.createTextNode(text.slice(0, start)));
        tx.appendChild(mark);
        tx.appendChild(document.createTextNode(text.slice(end)));
      }
    }
    line.scrollIntoView({block: "center"});
    try {
      history.replaceState(null, "", "#" + id);
    } catch (e) {
      // some file:// contexts refuse it; the highlight is what matters
    }
    return true;
  }

  document.addEventListener("click", function (event) {
    var node = event.target;
    var link = node && node.closest ? node.closest("a.ev") : null;
    if (link && highlight(link)) {
      event.preventDefault();
    }
  });
}());
