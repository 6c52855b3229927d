// Drafts of the console's forms: what staff type into a long form (minutes, a feasibility study's reasons, a proposal)
// is kept in this tab's sessionStorage as they type, so that a session that ended meanwhile (30 minutes idle, signed out
// in another tab, the account's new activation code) does not lose it: the form's submission leads to the sign-in page,
// the sign-in leads back to the page, and the page fills the form again and says so. The same after the console's error
// page (503, 409) and «Volver a la página», and after a reload of the page. A draft is cleared once its form was accepted
// (the page after it shows the confirmation), and every draft when the person signs out.
//
// Everything the person changed comes back as it was when they sent it, a field they emptied included: texts, lists,
// the choice among options (the kind of voter identifier) and the boxes of a list of choices (the colonias), over the
// page's defaults or the values a correction form starts with; but not over a field someone else changed meanwhile
// (restore, below): the page then says so.
// Never kept: passwords and codes (forms with a password field, the sign-in and the activation), files, hidden fields
// (the antiforgery token; a retry key is, below, for the recovery only) and confirmation boxes (a box whose value is "true": a confirmation is given again,
// knowingly, every time). sessionStorage belongs to this tab and ends with it; nothing leaves the browser.

import { addRow } from './consola-filas.js';

const PREFIX = 'ga-borrador:';
const PENDING = 'ga-borrador-enviado';
const RECOVER = 'ga-borrador-recuperar';
const SIGN_IN = '/consola/entrar';
const ERROR_PAGE = '/consola/error';

const store = (() => {
  try {
    const s = window.sessionStorage;
    s.setItem(PREFIX + 'prueba', '1');
    s.removeItem(PREFIX + 'prueba');
    return s;
  } catch {
    return null; // storage blocked: the forms work as before, without drafts
  }
})();

// A form is told apart by where it posts and by what its hidden fields name (the countersignature request, the kiosk, the
// Jornada: forms repeated on one page post to the same address); never by the antiforgery token, nor by a field that
// differs each time the form is drawn (data-sin-clave-de-borrador: the identifier a new Jornada will have).
// And by whose it is (the account signed in): a reload or a sign-in in this tab never puts one person's text into
// another's form, at a computer people share.
const keyOf = (form) => PREFIX + (document.body.dataset.cuenta || '') + '|' + window.location.pathname + '|' + (form.getAttribute('action') || window.location.search) + '|' +
  [...form.querySelectorAll('input[type="hidden"]')].filter((h) => h.name && !h.name.startsWith('__') && !h.hasAttribute('data-sin-clave-de-borrador'))
    .map((h) => `${h.name}=${h.value}`).join('&');

const isChoice = (field) => field.tagName === 'INPUT' && (field.type === 'radio' || (field.type === 'checkbox' && field.value !== 'true'));

const kept = (field) =>
  field.name && !field.disabled && !field.name.startsWith('__') &&
  (field.tagName === 'TEXTAREA' || field.tagName === 'SELECT' || isChoice(field) ||
    (field.tagName === 'INPUT' && !['hidden', 'password', 'file', 'checkbox', 'radio', 'submit', 'button', 'reset', 'image'].includes(field.type)));

const fieldsOf = (form) => [...form.elements].filter(kept);

// A form's retry key (data-clave-de-reintento, drawn new with the page: a seat, a proposal, a letter's reissue) is kept
// with the draft and put back only when the form is recovered after an interruption (the error page, the sign-in): if the
// first sending was recorded after all and only its answer was lost, the second is known as the same request instead of
// making a second seat, proposal or letter. A reload draws a new key, as it draws a new form.
const retryKeysOf = (form) =>
  Object.fromEntries([...form.querySelectorAll('input[type="hidden"][data-clave-de-reintento]')].map((h) => [h.name, h.value]));

const putBackRetryKeys = (form, keys) => {
  for (const [name, value] of Object.entries(keys ?? {})) {
    const field = form.querySelector(`input[type="hidden"][data-clave-de-reintento][name="${CSS.escape(name)}"]`);
    if (field && typeof value === 'string') field.value = value;
  }
};

// A form's values by field name: a text as a string, a radio group as the chosen value (null: none), a list of boxes as
// the values ticked.
const valuesOf = (form) => {
  const values = {};
  for (const field of fieldsOf(form)) {
    if (field.type === 'checkbox') (values[field.name] ??= []).push(...(field.checked ? [field.value] : []));
    else if (field.type === 'radio') values[field.name] = field.checked ? field.value : values[field.name] ?? null;
    else values[field.name] = field.value;
  }
  return values;
};

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Puts a draft back into its form: each field the person changed, where the page draws it as it did when they began
 * (what they typed over an empty field, a default, or the record as it was). A field the page now draws otherwise was
 * changed meanwhile by someone else (the 409 «otra persona cambió este registro»): it keeps what the page shows, and is
 * counted apart, so that the person's draft never silently undoes a colleague's change.
 */
const restore = (form, draft) => {
  let changed = 0;
  const elsewhere = new Set(); // by name: a list of boxes or a choice among options is one field
  const drawnNow = valuesOf(form);
  for (const field of fieldsOf(form)) {
    const value = draft.values[field.name];
    if (value === undefined || same(value, draft.drawn[field.name])) continue; // not changed by the person
    if (same(drawnNow[field.name], value)) continue; // the page already shows it (a refused form comes back filled in)
    if (!same(drawnNow[field.name], draft.drawn[field.name])) {
      elsewhere.add(field.name);
      continue;
    }
    if (field.type === 'checkbox') {
      if (!Array.isArray(value) || field.checked === value.includes(field.value)) continue;
      field.checked = !field.checked;
    } else if (field.type === 'radio') {
      if (typeof value !== 'string' || field.checked === (field.value === value)) continue;
      field.checked = field.value === value;
    } else {
      if (typeof value !== 'string' || field.value === value) continue;
      if (field.tagName === 'SELECT' && ![...field.options].some((o) => o.value === value)) continue;
      field.value = value;
    }
    changed++;
  }
  return { changed, elsewhere: elsewhere.size };
};

/**
 * Rows the person added with «Agregar otro…» (consola-filas.js) are not drawn again by the page: added here, empty, up
 * to the last one the draft has, so that what they typed into them has somewhere to go back to. Counted as drawn empty.
 */
const addDraftRows = (form, draft) => {
  const buttons = [...form.querySelectorAll('[data-add-row]')];
  for (const name of Object.keys(draft.values)) {
    const row = /^(.+)\[(\d+)\]\./.exec(name);
    if (!row || form.elements.namedItem(name) || Number(row[2]) > 200) continue;
    const button = buttons.find((b) => b.parentElement.querySelector(`:scope > fieldset [name^="${CSS.escape(row[1])}["]`));
    if (!button) continue;
    while (!form.elements.namedItem(name) && button.parentElement.querySelectorAll(':scope > fieldset').length <= Number(row[2])) {
      addRow(button, { focus: false });
    }
  }
  const drawnNow = valuesOf(form);
  for (const name of Object.keys(drawnNow)) if (!(name in draft.drawn)) draft.drawn[name] = drawnNow[name];
};

const forms = store
  ? [...document.querySelectorAll('main form[method="post" i]')].filter(
      (form) => !form.querySelector('input[type="password"]') && !form.hasAttribute('data-sin-borrador') && fieldsOf(form).length > 0)
  : [];

if (store) {
  // What the last submission led to. The confirmation of an accepted form clears its draft. The sign-in page (the session
  // had ended) or the console's error page (the database did not answer, someone else changed the record) marks the draft
  // to be put back in its form when the person is back on its page. A form the rules refused comes back filled in from
  // the server: its draft stays as it is, and is not put back anywhere else.
  // A confirmation, or a sheet shown once for what the form made (a kiosk's link, an activation code): the form was
  // accepted. A reload after a kiosk's sheet put its form back as «aún no se ha registrado», and sent again it was
  // refused as already registered (an outside tester's).
  const ACCEPTED = 'main .alert-success, main [data-accepted]';
  const pending = store.getItem(PENDING);
  store.removeItem(PENDING);
  const path = window.location.pathname;
  const interrupted = path === SIGN_IN || path.startsWith(ERROR_PAGE);
  if (pending && interrupted) store.setItem(RECOVER, pending);
  else if (pending && document.querySelector(ACCEPTED)) store.removeItem(pending);
  const recover = interrupted ? null : store.getItem(RECOVER);
  if (!interrupted) store.removeItem(RECOVER);
  // A reload (the browser's button, a phone that dropped the tab) drew the form empty again: its draft comes back too.
  const reloaded = window.performance?.getEntriesByType?.('navigation')?.[0]?.type === 'reload';

  // The page that confirms an accepted form: its forms' drafts are done with (a reload that sent a refused form again,
  // and was accepted this time, fires no submit to mark it).
  const accepted = document.querySelector(ACCEPTED) !== null;

  for (const form of forms) {
    const key = keyOf(form);
    let drawn = valuesOf(form); // what the page drew, before the person changed anything
    let restored = { changed: 0, elsewhere: 0 };
    if (accepted) store.removeItem(key);
    try {
      const draft = key === recover || (reloaded && !pending) ? JSON.parse(store.getItem(key) || 'null') : null;
      if (draft && typeof draft === 'object' && draft.values && draft.drawn) {
        addDraftRows(form, draft);
        restored = restore(form, draft);
        if (key === recover) putBackRetryKeys(form, draft.retry);
        drawn = draft.drawn; // the person's changes are still theirs, measured from what they began with
      }
    } catch {
      store.removeItem(key);
    }
    if (restored.changed > 0 || restored.elsewhere > 0) {
      const note = document.createElement('p');
      note.className = 'alert alert-warning draft-note';
      note.setAttribute('role', 'status');
      note.textContent = (restored.changed > 0
        ? key === recover
          ? 'Se recuperó lo que había escrito en este formulario: no se registró porque la sesión se cerró o el servicio no pudo atenderlo. Revíselo y envíelo de nuevo.'
          : 'Se recuperó lo que había escrito en este formulario antes de recargar la página: aún no se ha registrado. Revíselo y envíelo.'
        : 'Lo que había escrito en este formulario no se registró.') +
        (restored.elsewhere > 0
          ? ` ${restored.elsewhere === 1 ? 'Un campo' : `${restored.elsewhere} campos`} que usted cambió ${restored.elsewhere === 1 ? 'lo cambió' : 'los cambió'} otra persona mientras tanto: se muestra lo que quedó registrado; escriba de nuevo lo suyo si aún corresponde.`
          : '');
      form.prepend(note);
      form.closest('details')?.setAttribute('open', ''); // a correction form folded away is shown with it
    }

    // Saved from the person's first change on (what the page drew is no draft until then), with what the page drew.
    const save = () => {
      try {
        store.setItem(key, JSON.stringify({ drawn, values: valuesOf(form), retry: retryKeysOf(form) }));
      } catch {
        // storage full: nothing to do, the form still works
      }
    };
    form.addEventListener('input', save);
    form.addEventListener('change', save);
    // A form whose answer is a file stays on its page; once the file arrived (consola-envio.js) its draft is done with,
    // or a reload would bring back the folio of a letter already reissued.
    form.addEventListener('ga:descargado', () => {
      store.removeItem(key);
      if (store.getItem(PENDING) === key) store.removeItem(PENDING);
    });
    form.addEventListener('submit', () => {
      save();
      store.setItem(PENDING, key);
    });
  }

  // Signing out on purpose: nothing typed stays behind for whoever uses this browser next.
  for (const signOut of document.querySelectorAll('form[action="/consola/salir"]')) {
    signOut.addEventListener('submit', () => {
      for (const k of Object.keys(store)) if (k.startsWith(PREFIX) || k === PENDING || k === RECOVER) store.removeItem(k);
    });
  }
}
