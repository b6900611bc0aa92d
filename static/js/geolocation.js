// Fills the inspection report's latitude and longitude from the phone's GPS, on request.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("use-location");
  const status = document.getElementById("location-status");
  if (!button || !navigator.geolocation) return;
  button.addEventListener("click", () => {
    status.textContent = "…";
    navigator.geolocation.getCurrentPosition(
      (position) => {
        document.getElementById(button.dataset.lat).value = position.coords.latitude.toFixed(6);
        document.getElementById(button.dataset.lon).value = position.coords.longitude.toFixed(6);
        status.textContent = "✓";
      },
      () => { status.textContent = "✗"; },
      { enableHighAccuracy: true, timeout: 15000 },
    );
  });
});
