// Create and edit forms over /admin/api/{products|sales}. Edits are optimistic: the form keeps the
// version it read and PUT sends it; a 409 version-conflict shows "다른 관리자가 먼저 수정했습니다" with
// a button that loads the current row (the operator then re-applies their change).
import { api, describe } from './api.js';
import { notice } from './notice.js';

/** read(form) -> request body; fill(form, row) puts a row into the inputs; saved(row) after a save. */
export function editor(form, { path, noun, read, fill, saved }) {
  const conflict = form.querySelector('.conflict');
  const title = form.querySelector('h3');

  function open(row) {
    form.reset();
    conflict.hidden = true;
    form.elements.id.value = row?.id ?? '';
    form.elements.version.value = row?.version ?? '';
    title.textContent = row ? `${noun} #${row.id} 수정` : `새 ${noun}`;
    fill(form, row);
    form.hidden = false;
    form.querySelector('input:not([type=hidden]), select').focus();
  }

  async function reload() {
    const id = form.elements.id.value;
    open(await api(`/${path}/${id}`));
    notice(`${noun} #${id}의 최신 내용을 불러왔습니다. 변경을 다시 적용하세요.`);
  }

  async function save(overrides = {}) {
    const id = form.elements.id.value;
    const body = { ...read(form), ...overrides };
    try {
      const row = id
        ? await api(`/${path}/${id}`, { method: 'PUT', body: { ...body, version: Number(form.elements.version.value) } })
        : await api(`/${path}`, { method: 'POST', body });
      form.hidden = true;
      notice(`${noun} #${row.id} 저장됨`);
      saved(row);
    } catch (e) {
      if (e.slug === 'version-conflict') {
        conflict.hidden = false;
        notice('다른 관리자가 먼저 수정했습니다. 최신 내용을 불러온 뒤 다시 저장하세요.', 'error');
      } else {
        notice(`저장 실패: ${describe(e)}`, 'error');
      }
    }
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    save();
  });
  conflict.querySelector('button').addEventListener('click', () => reload().catch(e => notice(describe(e), 'error')));
  form.querySelector('button.cancel, #cancel-sale')?.addEventListener('click', () => { form.hidden = true; });
  return { open, save };
}
