// Saved replies in any reply box, as progressive enhancement: choosing one
// inserts it at the cursor with {username} and {account} filled in (the
// server does the same without script, on the picker's "Insert" button).

const KNOWN = new Set(['username', 'account']);

function expand(text, vars) {
  return text.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name) =>
    KNOWN.has(name) ? (vars[name] || '') : whole);
}

function insertAtCursor(box, text) {
  const start = box.selectionStart ?? box.value.length;
  const end = box.selectionEnd ?? box.value.length;
  const before = box.value.slice(0, start);
  const after = box.value.slice(end);
  // A space between the user's words and the reply, as the server does.
  const gap = before && !/\s$/.test(before) ? ' ' : '';
  box.value = before + gap + text + after;
  const caret = (before + gap + text).length;
  box.focus();
  box.setSelectionRange(caret, caret);
  box.dispatchEvent(new Event('input', { bubbles: true }));
}

function enhance(picker) {
  // Once per picker: pages swapped in place bring new ones.
  if (picker.dataset.enhanced) return;
  picker.dataset.enhanced = '1';
  const select = picker.querySelector('select[name="saved_reply"]');
  const box = document.getElementById(picker.dataset.target || '');
  if (!select || !box) return;
  const button = picker.querySelector('[data-saved-reply-insert]');
  if (button) button.hidden = true;
  select.addEventListener('change', () => {
    const option = select.selectedOptions[0];
    if (!option || !option.value) return;
    const vars = { username: picker.dataset.username, account: picker.dataset.account };
    insertAtCursor(box, expand(option.dataset.text || '', vars));
    // Inserted: the form must not apply it a second time on send.
    select.value = '';
  });
}

const enhanceAll = () => document.querySelectorAll('[data-saved-replies]').forEach(enhance);
enhanceAll();
// A form sent in place (app.js) replaces the page's content without
// running this module again.
document.addEventListener('sf:navigated', enhanceAll);
