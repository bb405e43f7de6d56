// Enhancements only: every page reads and prints without this script.
"use strict";

// The print date: pages carry the day they were made; a printout should
// carry the day it is printed, by the reader's own clock.
function setPrintDate() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  const text = `${pad(now.getDate())}/${pad(now.getMonth() + 1)}/${now.getFullYear()}`;
  const iso = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  for (const time of document.querySelectorAll("time.print-date")) {
    time.textContent = text;
    time.dateTime = iso;
  }
}
window.addEventListener("beforeprint", setPrintDate);

// "In bản tin": without JavaScript the control is an instruction to use the
// browser's Print command; with it, a button that opens the print dialog.
for (const control of document.querySelectorAll("[data-print-control]")) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "print-button";
  button.textContent = "In bản tin";
  button.addEventListener("click", () => {
    setPrintDate();
    window.print();
  });
  const hint = document.createElement("p");
  hint.textContent = "Khổ giấy A4, hướng dọc; bản in gồm bảng chỉ tiêu, hai biểu đồ và mã QR dẫn về trang này.";
  control.replaceChildren(button, hint);
}
