// Feuillet's only script for readers: everything works without it; it adds live reload in preview mode.
(function () {
  'use strict';
  var events = document.body && document.body.getAttribute('data-live-reload');
  if (events && 'EventSource' in window) {
    var source = new window.EventSource(events);
    source.addEventListener('change', function () {
      window.location.reload();
    });
  }
})();
