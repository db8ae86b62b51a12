(function () {
  "use strict";
  // The upload page: name the chosen files in Chinese and highlight the drop zone while a file is
  // dragged over it. The file input itself covers the zone, so clicking and dropping work even
  // without this script; it only says what was chosen.
  var input = document.getElementById("files");
  var zone = document.getElementById("dropzone");
  var chosen = document.getElementById("chosen");
  if (!input || !zone || !chosen) { return; }
  function show() {
    var files = input.files || [];
    if (!files.length) { chosen.textContent = "尚未选择文件"; return; }
    var names = [];
    for (var i = 0; i < files.length; i++) { names.push(files[i].name); }
    chosen.textContent = "已选择 " + files.length + " 个文件：" + names.join("、");
  }
  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach(function (type) {
    zone.addEventListener(type, function () { zone.classList.add("dragging"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    zone.addEventListener(type, function () { zone.classList.remove("dragging"); });
  });
  show();
})();
