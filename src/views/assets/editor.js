/* global URLSearchParams, FormData, DOMParser, AbortController */
// The page editor, added to a form that already works without it:
// - the preview beside the text follows what is typed (rendered by the server, POST /-/preview);
// - Ctrl+S / Cmd+S saves; leaving with unsaved text asks first;
// - saving does not leave the page until the server says it is saved: a conflict or a refusal replaces
//   the editor with the server's answer (the text in it), and a failure (network, server restart, expired
//   session, refused form) keeps the page as it is;
// - a draft is kept in this browser (localStorage, by page and starting revision) while the text is not
//   saved, offered back when the editor opens again, and cleared once saved.
(function () {
  'use strict';
  var PREVIEW_DELAY = 400;
  var DRAFT_DELAY = 300;
  var PREFIX = 'feuillet-draft:';
  var editor;

  function storage() {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  }

  function draftKey(path, base) {
    return PREFIX + path + ':' + base;
  }

  /** The newest draft kept for this page, whatever revision it started from. */
  function findDraft(path) {
    var store = storage();
    if (!store) return null;
    var best = null;
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (!key || key.indexOf(PREFIX + path + ':') !== 0) continue;
      try {
        var draft = JSON.parse(store.getItem(key) || 'null');
        if (draft && typeof draft.text === 'string' && (!best || draft.at > best.at)) best = draft;
      } catch {
        store.removeItem(key);
      }
    }
    return best;
  }

  function clearDrafts(path) {
    var store = storage();
    if (!store) return;
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX + path + ':') === 0) store.removeItem(key);
    }
  }

  function setup(form) {
    var text = form.querySelector('textarea[name="text"]');
    var message = form.querySelector('input[name="message"]');
    var base = form.querySelector('input[name="base"]');
    var csrf = form.querySelector('input[name="_csrf"]');
    var preview = form.querySelector('.editor-preview-body');
    // Its own status: a failed preview must not hide what happened to a save.
    var previewStatus = form.querySelector('.editor-preview-status');
    var status = form.querySelector('.editor-status');
    var saveButton = form.querySelector('.editor-save');
    var draftBox = form.querySelector('.editor-draft');
    var path = form.getAttribute('data-path') || '';
    var state = { form: form, saved: text.value, saving: false };
    var previewTimer = 0;
    var draftTimer = 0;
    var previewRequest = null;

    state.dirty = function () {
      return text.value !== state.saved;
    };

    function saveDraft() {
      var store = storage();
      if (!store) return;
      var key = draftKey(path, base.value);
      try {
        if (state.dirty()) store.setItem(key, JSON.stringify({ base: base.value, text: text.value, message: message ? message.value : '', at: Date.now() }));
      } catch {
        // A full or refused storage must not stop the editing.
      }
    }

    function refreshPreview() {
      if (previewRequest) previewRequest.abort();
      previewRequest = typeof AbortController === 'function' ? new AbortController() : null;
      var body = new URLSearchParams();
      body.set('text', text.value);
      body.set('path', path);
      body.set('_csrf', csrf ? csrf.value : '');
      preview.setAttribute('aria-busy', 'true');
      fetch(form.getAttribute('data-preview'), {
        method: 'POST',
        body: body,
        credentials: 'same-origin',
        signal: previewRequest ? previewRequest.signal : undefined,
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          preview.innerHTML = html;
          preview.setAttribute('aria-busy', 'false');
          previewStatus.textContent = '';
        })
        .catch(function (error) {
          if (error && error.name === 'AbortError') return;
          preview.setAttribute('aria-busy', 'false');
          previewStatus.textContent = form.getAttribute('data-preview-failed');
        });
    }

    text.addEventListener('input', function () {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(refreshPreview, PREVIEW_DELAY);
      clearTimeout(draftTimer);
      draftTimer = setTimeout(saveDraft, DRAFT_DELAY);
    });
    if (message) message.addEventListener('input', saveDraft);

    var draft = findDraft(path);
    if (draft && draft.text !== text.value && draftBox) {
      draftBox.hidden = false;
      draftBox.querySelector('.editor-draft-restore').addEventListener('click', function () {
        text.value = draft.text;
        if (message && draft.message) message.value = draft.message;
        // The draft's own starting revision: the server merges what changed since then.
        if (draft.base) base.value = draft.base;
        draftBox.hidden = true;
        refreshPreview();
        text.focus();
      });
      draftBox.querySelector('.editor-draft-discard').addEventListener('click', function () {
        clearDrafts(path);
        draftBox.hidden = true;
        text.focus();
      });
    }

    form.addEventListener('submit', function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.value === 'preview') {
        event.preventDefault();
        refreshPreview();
        return;
      }
      event.preventDefault();
      if (state.saving) return;
      state.saving = true;
      saveDraft();
      saveButton.disabled = true;
      status.textContent = form.getAttribute('data-saving');
      var body = new URLSearchParams(new FormData(form));
      body.set('action', 'save');
      // Not form.action: the buttons named "action" shadow it.
      fetch(form.getAttribute('action'), { method: 'POST', body: body, credentials: 'same-origin' })
        .then(function (response) {
          return response.text().then(function (html) {
            return { response: response, html: html };
          });
        })
        .then(function (answer) {
          var response = answer.response;
          if (response.ok && response.redirected && response.url.indexOf('/-/edit/') === -1) {
            clearDrafts(path);
            state.saved = text.value;
            window.location.assign(response.url);
            return;
          }
          var page = new DOMParser().parseFromString(answer.html, 'text/html');
          var next = page.querySelector('form.editor');
          if (!next || response.status === 401 || response.status === 403) throw new Error(String(response.status));
          // The server's answer (a conflict, a refusal): it holds the writer's text.
          var main = document.querySelector('main');
          main.innerHTML = page.querySelector('main').innerHTML;
          document.title = page.title;
          var replaced = main.querySelector('form.editor');
          setup(replaced);
          // Not saved yet: the text is unsaved against what the page now is.
          editor.saved = null;
          var alert = main.querySelector('[role="alert"]');
          if (alert) {
            alert.setAttribute('tabindex', '-1');
            alert.focus();
          }
        })
        .catch(function () {
          state.saving = false;
          saveButton.disabled = false;
          status.textContent = form.getAttribute('data-failed');
        });
    });

    editor = state;
  }

  document.addEventListener('keydown', function (event) {
    if (!editor || !(event.ctrlKey || event.metaKey) || event.altKey || (event.key !== 's' && event.key !== 'S')) return;
    event.preventDefault();
    var button = editor.form.querySelector('.editor-save');
    if (typeof editor.form.requestSubmit === 'function') editor.form.requestSubmit(button);
    else button.click();
  });

  window.addEventListener('beforeunload', function (event) {
    if (!editor || !editor.dirty()) return;
    event.preventDefault();
    event.returnValue = editor.form.getAttribute('data-unsaved') || '';
    return event.returnValue;
  });

  var form = document.querySelector('form.editor');
  if (form) setup(form);
})();
