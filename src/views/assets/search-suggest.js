/* global URLSearchParams */
// Results as you type, added to search forms that already work without it.
// - The header's search box gets a list of suggested pages under it (ARIA combobox: arrows move, Enter
//   opens, Escape closes); submitting the form still goes to the full results page.
// - On the results page (form[data-live-search]) the results below the form follow what is typed.
// Both read /-/search.json, next to the form's own action.
(function () {
  'use strict';
  var TEXT = {
    fr: { suggestions: 'Pages suggérées', all: 'Voir tous les résultats', none: 'Aucune page ne correspond à cette recherche.', count: ' pages suggérées' },
    en: { suggestions: 'Suggested pages', all: 'See all results', none: 'No page matches this search.', count: ' suggested pages' },
  };
  var DELAY = 150;

  function textFor(element) {
    var holder = element.closest('[lang]');
    var lang = holder ? holder.getAttribute('lang') : 'fr';
    return TEXT[lang && lang.slice(0, 2) === 'en' ? 'en' : 'fr'];
  }

  function endpoint(form) {
    return form.getAttribute('data-live-search') || form.getAttribute('action') + '.json';
  }

  function queryString(form) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value) params.set(field.name, field.value);
    });
    return params.toString();
  }

  /** Builds text with <mark>ed matches from the server's parts: text only, never HTML. */
  function marked(parts) {
    var fragment = document.createDocumentFragment();
    parts.forEach(function (part) {
      if (part.hit) {
        var mark = document.createElement('mark');
        mark.textContent = part.text;
        fragment.appendChild(mark);
      } else fragment.appendChild(document.createTextNode(part.text));
    });
    return fragment;
  }

  /** Asks for results, dropping answers that come back after a newer question. */
  function fetcher(form, onResults) {
    var timer;
    var asked = 0;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++asked;
        var query = queryString(form);
        fetch(endpoint(form) + '?' + query, { headers: { Accept: 'application/json' } })
          .then(function (response) {
            return response.ok ? response.json() : null;
          })
          .then(function (body) {
            if (body && mine === asked) onResults(body, query);
          })
          .catch(function () {
            // Offline or server gone: the form still submits normally.
          });
      }, DELAY);
    };
  }

  function headerBox(form) {
    var input = form.querySelector('input[type="search"]');
    if (!input) return;
    var text = textFor(form);
    var list = document.createElement('ul');
    list.id = input.id + '-suggestions';
    list.className = 'search-suggestions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', text.suggestions);
    list.hidden = true;
    var status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    form.appendChild(list);
    form.appendChild(status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    var active = -1;

    function options() {
      return list.querySelectorAll('[role="option"]');
    }
    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }
    function highlight(index) {
      var all = options();
      if (all.length === 0) return;
      active = (index + all.length) % all.length;
      Array.prototype.forEach.call(all, function (option, i) {
        option.setAttribute('aria-selected', i === active ? 'true' : 'false');
      });
      input.setAttribute('aria-activedescendant', all[active].id);
    }
    var ask = fetcher(form, function (body) {
      list.textContent = '';
      body.results.slice(0, 8).forEach(function (result, i) {
        var item = document.createElement('li');
        item.id = list.id + '-' + i;
        item.setAttribute('role', 'option');
        item.setAttribute('aria-selected', 'false');
        item.setAttribute('data-href', result.url);
        item.appendChild(marked(result.title));
        if (result.crumbs.length > 0) {
          var crumbs = document.createElement('span');
          crumbs.className = 'search-suggestion-crumbs';
          crumbs.textContent = result.crumbs.map(function (c) { return c.label; }).join(' › ');
          item.appendChild(crumbs);
        }
        item.addEventListener('mousedown', function (event) {
          event.preventDefault();
          window.location.href = result.url;
        });
        list.appendChild(item);
      });
      var all = document.createElement('li');
      all.id = list.id + '-all';
      all.setAttribute('role', 'option');
      all.setAttribute('aria-selected', 'false');
      all.setAttribute('data-href', body.all);
      all.className = 'search-suggestion-all';
      all.textContent = body.results.length > 0 ? text.all : text.none;
      all.addEventListener('mousedown', function (event) {
        event.preventDefault();
        window.location.href = body.all;
      });
      list.appendChild(all);
      list.hidden = false;
      active = -1;
      input.setAttribute('aria-expanded', 'true');
      status.textContent = Math.min(body.results.length, 8) + text.count;
    });
    input.addEventListener('input', function () {
      if (input.value.trim() === '') close();
      else ask();
    });
    input.addEventListener('keydown', function (event) {
      if (list.hidden) return;
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        highlight(active + 1);
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === 'Escape') {
        close();
      } else if (event.key === 'Enter' && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].getAttribute('data-href');
      }
    });
    input.addEventListener('blur', close);
  }

  function resultsPage(form) {
    var output = document.querySelector('.search-output');
    var input = form.querySelector('input[type="search"]');
    if (!output || !input) return;
    var text = textFor(form);
    var ask = fetcher(form, function (body, query) {
      output.textContent = '';
      if (body.results.length === 0) {
        var none = document.createElement('p');
        none.className = 'search-none';
        none.textContent = text.none;
        output.appendChild(none);
      } else {
        var list = document.createElement('ol');
        list.className = 'search-results';
        body.results.forEach(function (result) {
          var item = document.createElement('li');
          var heading = document.createElement('h2');
          heading.className = 'search-result-title';
          var link = document.createElement('a');
          link.href = result.url;
          link.appendChild(marked(result.title));
          heading.appendChild(link);
          item.appendChild(heading);
          if (result.crumbs.length > 0) {
            var crumbs = document.createElement('p');
            crumbs.className = 'search-result-crumbs';
            crumbs.textContent = result.crumbs.map(function (c) { return c.label; }).join(' › ');
            item.appendChild(crumbs);
          }
          var snippet = document.createElement('p');
          snippet.className = 'search-result-snippet';
          snippet.appendChild(marked(result.snippet));
          item.appendChild(snippet);
          list.appendChild(item);
        });
        output.appendChild(list);
      }
      var pager = document.querySelector('.pager');
      if (pager) pager.hidden = true;
      if (window.history && window.history.replaceState) window.history.replaceState(null, '', form.getAttribute('action') + '?' + query);
    });
    input.addEventListener('input', ask);
    form.addEventListener('change', ask);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('form.search-form'), headerBox);
    Array.prototype.forEach.call(document.querySelectorAll('form[data-live-search]'), resultsPage);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
