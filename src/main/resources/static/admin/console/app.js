// Wires the console: sign-in, then every panel from /admin/api. The page itself holds no data and
// loads without a token; the html element gets data-ready once the first render is done.
import { demoSignIn, operator, signIn, signOut, token } from './auth.js';
import { describe, onAuthFailure } from './api.js';
import { stopWatching, watch } from './live.js';
import { notice } from './notice.js';
import { refreshAudit, refreshJobs, refreshLatePayments, startJobs, stopJobs } from './ops.js';
import { refreshProducts } from './products.js';
import { refreshSales, watchWith } from './sales.js';

const $ = id => document.getElementById(id);

async function showConsole() {
  $('sign-in').hidden = true;
  $('console').hidden = false;
  $('who').hidden = false;
  $('who-name').textContent = `관리자: ${operator()}`;
  try {
    await Promise.all([refreshSales(), refreshProducts(), refreshLatePayments(), refreshAudit()]);
    startJobs();
  } catch (e) {
    notice(`불러오기 실패: ${describe(e)}`, 'error');
  }
}

function showSignIn(message) {
  stopJobs();
  stopWatching();
  $('console').hidden = true;
  $('who').hidden = true;
  $('sign-in').hidden = false;
  if (message) notice(message, 'error');
}

onAuthFailure(error => {
  signOut();
  showSignIn(error.status === 403 ? '이 토큰에는 ADMIN 권한이 없습니다. 관리자 토큰으로 로그인하세요.'
    : '토큰이 없거나 만료되었습니다. 다시 로그인하세요.');
});

$('demo-sign-in').addEventListener('click', async () => {
  try {
    if (await demoSignIn()) {
      notice('데모 관리자(ops)로 로그인했습니다.');
      await showConsole();
    } else {
      notice('이 서버는 데모 토큰을 발급하지 않습니다 (standalone 모드 아님). ADMIN 토큰을 붙여 넣으세요.', 'error');
    }
  } catch (e) {
    notice(e.message, 'error');
  }
});

$('token-form').addEventListener('submit', async event => {
  event.preventDefault();
  signIn($('token-input').value);
  $('token-input').value = '';
  notice('토큰으로 로그인했습니다.');
  await showConsole();
});

$('sign-out').addEventListener('click', () => {
  signOut();
  showSignIn();
  notice('로그아웃했습니다.');
});

watchWith(watch);
$('jobs-refresh').addEventListener('click', () => refreshJobs().catch(e => notice(describe(e), 'error')));
$('late-refresh').addEventListener('click', () => refreshLatePayments().catch(e => notice(describe(e), 'error')));
$('audit-form').addEventListener('submit', event => {
  event.preventDefault();
  refreshAudit(event.target.elements.target.value.trim()).catch(e => notice(describe(e), 'error'));
});

(token() ? showConsole() : Promise.resolve(showSignIn()))
  .finally(() => document.documentElement.setAttribute('data-ready', 'true'));
