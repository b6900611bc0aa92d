// Site-wide behaviour. No inline scripts anywhere: the Content-Security-Policy forbids them.
document.addEventListener("htmx:afterSwap", (event) => {
  // Tell screen-reader users the results changed by moving focus to the count.
  const count = document.getElementById("result-count");
  if (count && event.detail.target.id === "results") {
    count.setAttribute("tabindex", "-1");
  }
});
