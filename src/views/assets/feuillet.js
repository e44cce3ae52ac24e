// Feuillet's only script for readers: everything works without it. It is loaded in <head>, not deferred,
// so that the reader's light or dark choice applies before the first paint; the rest waits for the page.
// It adds: the light/dark switch (remembered in localStorage), the folding of the side navigation and of
// the table of contents on narrow screens, keyboard access to wide tables, and live reload in preview mode.
(function () {
  'use strict';
  var KEY = 'feuillet-theme';
  var root = document.documentElement;

  // Storage can be refused (private browsing, blocked cookies): the switch then lasts for the page only.
  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === 'light' || value === 'dark' ? value : 'system';
    } catch {
      return 'system';
    }
  }

  function store(choice) {
    try {
      if (choice === 'system') window.localStorage.removeItem(KEY);
      else window.localStorage.setItem(KEY, choice);
    } catch {
      // Not remembered; still applied.
    }
  }

  function apply(choice) {
    if (choice === 'light' || choice === 'dark') root.setAttribute('data-theme', choice);
    else root.removeAttribute('data-theme');
  }

  apply(stored());
  root.classList.add('js');

  function themeSwitch() {
    var control = document.querySelector('.theme-switch');
    if (!control) return;
    var current = stored();
    Array.prototype.forEach.call(control.querySelectorAll('input[name="theme"]'), function (radio) {
      radio.checked = radio.value === current;
      radio.addEventListener('change', function () {
        if (!radio.checked) return;
        apply(radio.value);
        store(radio.value);
      });
    });
    control.hidden = false;
  }

  // Open on wide screens, folded on narrow ones, where the reader opens them when needed.
  function folds() {
    var panels = document.querySelectorAll('details.fold-narrow, .toc > details');
    var wide = window.matchMedia('(min-width: 56rem)');
    function sync() {
      Array.prototype.forEach.call(panels, function (panel) {
        panel.open = wide.matches;
      });
    }
    sync();
    if (wide.addEventListener) wide.addEventListener('change', sync);
    else if (wide.addListener) wide.addListener(sync);
    root.classList.add('folds-ready');
  }

  // A Markdown table wider than the text scrolls sideways: keyboards must be able to reach it to scroll it.
  function scrollableTables() {
    Array.prototype.forEach.call(document.querySelectorAll('.page-body table:not(.data-table)'), function (table) {
      if (table.scrollWidth > table.clientWidth) table.setAttribute('tabindex', '0');
      else table.removeAttribute('tabindex');
    });
  }

  function liveReload() {
    var events = document.body && document.body.getAttribute('data-live-reload');
    if (events && 'EventSource' in window) {
      var source = new window.EventSource(events);
      source.addEventListener('change', function () {
        source.close();
        window.location.reload();
      });
    }
  }

  function ready() {
    themeSwitch();
    folds();
    scrollableTables();
    window.addEventListener('resize', scrollableTables);
    liveReload();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
