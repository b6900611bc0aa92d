// The complaint form's "use my location" button: shown only where the browser can locate the
// phone, it fills the latitude and longitude fields (which also work typed by hand).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("use-location");
  const status = document.getElementById("location-status");
  if (!button || !status || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    status.textContent = button.dataset.busy || "…";
    navigator.geolocation.getCurrentPosition(
      (position) => {
        document.getElementById(button.dataset.lat).value = position.coords.latitude.toFixed(6);
        document.getElementById(button.dataset.lon).value = position.coords.longitude.toFixed(6);
        status.textContent = button.dataset.done || "✓";
      },
      () => { status.textContent = button.dataset.failed || "✗"; },
      { enableHighAccuracy: true, timeout: 15000 },
    );
  });
});
