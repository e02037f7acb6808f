// The sandbox page. Plain browser JavaScript, no build step, no network beyond this origin.
// Every piece of chat text is put in the page with textContent, never parsed as HTML.
'use strict';

(function () {
  const CHATS = ['customer', 'staff', 'managers'];
  // A newcomer's first complaint should open a fresh ticket even after seed-demo.
  const DEFAULT_WHO = { customer: 'customer:wmSandboxNewCustomer', staff: 'wang.agent', managers: 'zhao.manager' };
  const FEED_MS = 800;
  const TICKETS_MS = 2500;

  const state = {
    platform: localStorage.getItem('gongdan.platform') === 'dingtalk' ? 'dingtalk' : 'wecom',
    info: null,
    bubbles: [],
    last: 0,
    quotes: { customer: null, staff: null, managers: null },
  };

  const $ = (sel, root) => (root || document).querySelector(sel);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };

  const timeFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hour12: false });
  const shortFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  const fmt = (iso) => timeFmt.format(new Date(iso));
  const fmtShort = (iso) => shortFmt.format(new Date(iso));

  function notice(text, kind) {
    const n = $('#notice');
    n.textContent = text;
    n.className = 'notice ' + (kind || '');
    n.hidden = !text;
    if (text) setTimeout(() => { if (n.textContent === text) n.hidden = true; }, 6000);
  }

  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error((json.error && json.error.message) || 'HTTP ' + res.status);
    return json;
  }

  // ---- markdown-ish rendering, always into text nodes -------------------------------------

  const INLINE = /\*\*([^*]+)\*\*|<font color="(info|warning|comment)">([\s\S]*?)<\/font>|\[([^\]]+)\]\(([^)\s]+)\)|`([^`]+)`/g;

  function inline(parent, text) {
    let last = 0;
    let m;
    INLINE.lastIndex = 0;
    while ((m = INLINE.exec(text))) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      if (m[1] !== undefined) parent.appendChild(el('b', null, m[1]));
      else if (m[2] !== undefined) parent.appendChild(el('span', 'font-' + m[2], m[3]));
      else if (m[4] !== undefined) parent.appendChild(el('span', 'link', m[4]));
      else parent.appendChild(el('code', null, m[6]));
      last = m.index + m[0].length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function renderBody(b) {
    const body = el('div', 'body');
    if (b.format === 'markdown') {
      // DingTalk writes line breaks as "  \n  "; WeCom as "\n".
      const lines = b.text.split(/ *\n */);
      for (const line of lines) {
        if (!line.trim()) continue;
        const h = /^#{1,6}\s+(.*)$/.exec(line);
        const q = /^>\s?(.*)$/.exec(line);
        const li = /^[-*]\s+(.*)$/.exec(line);
        let node;
        if (h) { node = el('div', 'md-h'); inline(node, h[1]); }
        else if (q) { node = el('div', 'md-quote'); inline(node, q[1]); }
        else if (li) { node = el('div', 'md-li'); inline(node, '• ' + li[1]); }
        else { node = el('div', 'md-p'); inline(node, line); }
        body.appendChild(node);
      }
    } else {
      body.textContent = b.text;
    }
    if (b.image && b.image.charAt(0) === '/') {
      const img = el('img', 'chart');
      img.alt = b.title || '图表';
      // The chart arrives after the list scrolled to the end: keep the end in view.
      img.addEventListener('load', () => {
        const list = img.closest('.messages, .direct');
        if (list) list.scrollTop = list.scrollHeight;
      });
      img.src = b.image;
      body.appendChild(img);
    }
    return body;
  }

  function bubbleNode(b, chat) {
    const li = el('li', 'msg ' + (b.from.bot ? 'bot' : 'me'));
    li.dataset.seq = String(b.seq);
    const head = el('div', 'meta-line');
    head.appendChild(el('span', 'name', b.from.bot ? (chat === 'customer' ? (state.info ? state.info.chats.customer.title : '客服') : b.from.name) : b.from.name));
    head.appendChild(el('span', 'time', fmtShort(b.at)));
    if (b.from.bot && b.via) head.appendChild(el('span', 'via', b.via));
    li.appendChild(head);
    const card = el('div', 'bubble');
    card.appendChild(renderBody(b));
    // People @-ed without their name in the text (WeCom's mentioned_list) still show who is meant.
    const unseen = (b.mentions || []).filter((m) => b.text.indexOf('@' + m) < 0);
    if (unseen.length) card.appendChild(el('div', 'mentions', '@' + unseen.join(' @')));
    li.appendChild(card);
    if (b.from.bot && chat !== 'customer') {
      li.title = '点击引用这条消息回复';
      li.addEventListener('click', () => setQuote(chat, b));
    }
    return li;
  }

  // ---- chats ---------------------------------------------------------------------------------

  function whoOf(chat) {
    return $('#chat-' + chat + ' select.who').value;
  }

  function visible(b, chat) {
    if (b.chat !== chat) return false;
    if (chat === 'customer') return b.peer === whoOf('customer').replace(/^customer:/, '');
    return b.platform === state.platform;
  }

  function renderChats() {
    for (const chat of CHATS) {
      const list = $('#chat-' + chat + ' .messages');
      list.replaceChildren(...state.bubbles.filter((b) => visible(b, chat)).map((b) => bubbleNode(b, chat)));
      list.scrollTop = list.scrollHeight;
    }
    renderDirect();
  }

  function appendBubbles(fresh) {
    const direct = fresh.some((b) => b.chat === 'direct');
    for (const chat of CHATS) {
      const list = $('#chat-' + chat + ' .messages');
      const nodes = fresh.filter((b) => visible(b, chat)).map((b) => bubbleNode(b, chat));
      if (!nodes.length) continue;
      const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
      list.append(...nodes);
      if (atBottom || nodes.length) list.scrollTop = list.scrollHeight;
    }
    if (direct) renderDirect();
  }

  function renderDirect() {
    const list = $('#direct');
    const items = state.bubbles.filter((b) => b.chat === 'direct' && b.platform === state.platform).slice(-30).reverse();
    list.replaceChildren(...items.map((b) => {
      const li = el('li', 'direct-item');
      const head = el('div', 'meta-line');
      head.appendChild(el('span', 'name', '→ ' + (b.peerName || b.peer || '')));
      head.appendChild(el('span', 'time', fmtShort(b.at)));
      head.appendChild(el('span', 'via', b.via));
      li.appendChild(head);
      li.appendChild(renderBody(b));
      return li;
    }));
    if (!items.length) list.appendChild(el('li', 'empty muted', '暂无'));
  }

  function setQuote(chat, b) {
    if (state.platform !== 'wecom') { notice('钉钉里回复机器人请在命令后写单号，例如：接单 #1024'); return; }
    state.quotes[chat] = b;
    const box = $('#chat-' + chat + ' .quote');
    $('.quote-text', box).textContent = '引用：' + (b.title || b.text).slice(0, 60);
    box.hidden = false;
    $('#chat-' + chat + ' .text').focus();
  }

  function clearQuote(chat) {
    state.quotes[chat] = null;
    $('#chat-' + chat + ' .quote').hidden = true;
  }

  function fillPeople() {
    const people = state.info.people;
    for (const chat of CHATS) {
      const select = $('#chat-' + chat + ' select.who');
      const wanted = chat === 'customer' ? people.filter((p) => p.kind === 'customer') : people.filter((p) => p.kind === 'staff');
      const keep = select.value;
      select.replaceChildren(...wanted.map((p) => {
        const o = el('option', null, p.name + '（' + p.label + '）');
        o.value = p.id;
        return o;
      }));
      const pick = keep || localStorage.getItem('gongdan.who.' + chat) || DEFAULT_WHO[chat];
      if (pick && wanted.some((p) => p.id === pick)) select.value = pick;
    }
  }

  function applyPlatform() {
    document.body.className = state.platform;
    for (const b of document.querySelectorAll('.switch button')) b.setAttribute('aria-pressed', String(b.dataset.platform === state.platform));
    if (state.info) {
      const c = state.info.chats;
      $('#chat-customer .chat-title').textContent = c.customer.title;
      // DingTalk has no customer-service product: customers still write through WeCom's 微信客服.
      $('#chat-customer .chat-sub').textContent = state.platform === 'wecom' ? '微信客服 · 客户在微信里看到的' : '微信客服（企业微信）· 客户的工单卡片发到企业微信员工群；钉钉里由员工转述';
      $('#chat-staff .chat-title').textContent = c.staff[state.platform].title;
      $('#chat-managers .chat-title').textContent = c.managers[state.platform].title;
    }
    for (const chat of CHATS) clearQuote(chat);
    renderChats();
  }

  function showClock(now, offsetMs) {
    $('#clock-now').textContent = fmt(now);
    $('#clock-now').dateTime = now;
    const mins = Math.round(offsetMs / 60000);
    const d = Math.floor(mins / 1440);
    const h = Math.floor((mins % 1440) / 60);
    const m = mins % 60;
    $('#clock-offset').textContent = mins ? '（快进 ' + (d ? d + ' 天 ' : '') + (h || d ? h + ' 小时 ' : '') + m + ' 分）' : '';
  }

  // ---- polling -------------------------------------------------------------------------------

  let polling = false;
  async function poll() {
    if (polling) return;
    polling = true;
    try {
      let res = await api('GET', '/sandbox/api/feed?after=' + state.last);
      if (res.last < state.last) {
        // The sandbox was restarted: its chat log starts again from the beginning.
        state.bubbles = [];
        state.last = 0;
        renderChats();
        res = await api('GET', '/sandbox/api/feed?after=0');
      }
      showClock(res.now, res.offsetMs);
      if (res.bubbles.length) {
        state.bubbles.push(...res.bubbles);
        state.last = res.bubbles[res.bubbles.length - 1].seq;
        appendBubbles(res.bubbles);
      }
    } catch (err) {
      notice('连接不上沙盒：' + err.message, 'error');
    } finally {
      polling = false;
    }
  }

  function deadlineNode(d) {
    const span = el('span', 'deadline ' + d.state);
    const mark = d.state === 'met' ? '✓' : d.state === 'met_late' ? '✓ 超时' : d.state === 'breached' ? '已超时' : '截止';
    span.textContent = d.label + ' ' + mark + ' ' + fmtShort(d.metAt || d.dueAt);
    return span;
  }

  async function refreshTickets() {
    try {
      const res = await api('GET', '/sandbox/api/tickets');
      const list = $('#tickets');
      $('#ticket-count').textContent = res.tickets.length ? '（最近 ' + res.tickets.length + ' 张）' : '';
      list.replaceChildren(...res.tickets.map((t) => {
        const li = el('li', 'ticket status-' + t.status);
        li.dataset.code = t.code || '';
        const top = el('div', 'ticket-top');
        top.appendChild(el('b', 'code', '#' + t.code));
        top.appendChild(el('span', 'tag', t.kindLabel + (t.level ? ' ' + t.level + '级' : '')));
        if (t.vip) top.appendChild(el('span', 'tag vip', 'VIP'));
        top.appendChild(el('span', 'status', t.statusLabel));
        li.appendChild(top);
        li.appendChild(el('div', 'summary', t.summary));
        li.appendChild(el('div', 'meta muted', (t.customer || '客户') + ' · ' + (t.assignee ? '负责人 ' + t.assignee : '未指派') + ' · ' + fmtShort(t.createdAt)));
        if (t.deadlines.length) {
          const dl = el('div', 'deadlines');
          dl.append(...t.deadlines.map(deadlineNode));
          li.appendChild(dl);
        }
        return li;
      }));
      if (!res.tickets.length) list.appendChild(el('li', 'empty muted', '还没有工单。以客户身份发一条投诉试试。'));
    } catch (err) {
      notice('工单列表读取失败：' + err.message, 'error');
    }
  }

  // ---- actions -------------------------------------------------------------------------------

  async function send(chat, form) {
    const input = $('.text', form);
    const text = input.value.trim();
    if (!text) return;
    const quote = state.quotes[chat];
    const body = { platform: state.platform, chat, as: whoOf(chat), text };
    if (quote) body.quote = quote.text;
    input.value = '';
    clearQuote(chat);
    const button = $('button[type=submit]', form);
    button.disabled = true;
    try {
      const res = await api('POST', '/sandbox/api/say', body);
      if (!res.accepted) notice('机器人拒收了这条回调（HTTP ' + res.status + '）：' + (res.answer || ''), 'error');
    } catch (err) {
      input.value = text;
      notice(err.message, 'error');
    } finally {
      button.disabled = false;
    }
    await poll();
    refreshTickets();
  }

  async function advance(minutes, button) {
    button.disabled = true;
    try {
      const res = await api('POST', '/sandbox/api/clock', { minutes });
      showClock(res.now, res.offsetMs);
      notice('时间快进到 ' + fmt(res.now) + '，已运行一次定时任务和发送队列');
    } catch (err) {
      notice(err.message, 'error');
    } finally {
      button.disabled = false;
    }
    await poll();
    refreshTickets();
  }

  async function dashboard(button) {
    button.disabled = true;
    try {
      await api('POST', '/sandbox/api/dashboard', { platform: state.platform });
      notice('日报已发到管理群');
    } catch (err) {
      notice(err.message, 'error');
    } finally {
      button.disabled = false;
    }
    await poll();
  }

  async function start() {
    state.info = await api('GET', '/sandbox/api/state');
    $('#company').textContent = state.info.company;
    document.title = 'gongdan 沙盒 · ' + state.info.company;
    fillPeople();
    for (const chat of CHATS) {
      const section = $('#chat-' + chat);
      $('form', section).addEventListener('submit', (e) => { e.preventDefault(); send(chat, e.currentTarget); });
      $('.quote-clear', section).addEventListener('click', () => clearQuote(chat));
      $('select.who', section).addEventListener('change', (e) => {
        localStorage.setItem('gongdan.who.' + chat, e.currentTarget.value);
        if (chat === 'customer') renderChats();
      });
    }
    for (const b of document.querySelectorAll('.switch button')) {
      b.addEventListener('click', () => {
        state.platform = b.dataset.platform;
        localStorage.setItem('gongdan.platform', state.platform);
        applyPlatform();
      });
    }
    for (const b of document.querySelectorAll('.clock button')) b.addEventListener('click', () => advance(Number(b.dataset.minutes), b));
    $('#post-dashboard').addEventListener('click', (e) => dashboard(e.currentTarget));
    applyPlatform();
    showClock(state.info.now, state.info.offsetMs);
    await poll();
    await refreshTickets();
    setInterval(poll, FEED_MS);
    setInterval(refreshTickets, TICKETS_MS);
  }

  document.addEventListener('DOMContentLoaded', () => {
    start().catch((err) => notice('沙盒启动失败：' + err.message, 'error'));
  });
})();
