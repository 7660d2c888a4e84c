// follow.js - sends the profile's Follow / Unfollow form with fetch and
// updates the button and the count in place. Without JavaScript the form
// is a plain POST answered by a redirect back to the profile; when fetch
// fails, or the server refuses, the form is sent that way after all, so
// that the server's own page says what went wrong.
'use strict';

(function () {
  function update(form, state) {
    var id = form.getAttribute('data-follow');
    var button = form.querySelector('button');
    var note = form.querySelector('.follow-note');

    form.action = '/researchers/' + id + (state.following ? '/unfollow' : '/follow');
    button.setAttribute('aria-pressed', state.following ? 'true' : 'false');
    button.querySelector('.label').textContent =
      state.following ? 'Unfollow researcher' : 'Follow researcher';
    button.querySelector('.count').textContent = String(state.followers);
    if (note) {
      note.textContent = state.following
        ? 'You follow this researcher: their new works are in your feed.'
        : 'You no longer follow this researcher.';
    }
  }

  function send(form, event) {
    var button = form.querySelector('button');

    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    fetch(form.action, {
      method: 'POST',
      headers: { Accept: 'application/json' },
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
    }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    }).then(function (state) {
      button.disabled = false;
      update(form, state);
    }).catch(function () {
      button.disabled = false;
      form.submit();
    });
  }

  document.querySelectorAll('form[data-follow]').forEach(function (form) {
    form.addEventListener('submit', function (event) { send(form, event); });
  });
}());
