// 查询 #code, 我的工单, 帮助, and 日报 / 月报 (handed to the reports service when it is there).
import { In } from 'typeorm';
import { TicketEntity } from '../../../db/entities/ticket.entity';
import { staffCard, statusLine } from '../../cards';
import { listDeadlines } from '../../sla-tracker';
import { UNFINISHED_STATUSES } from '../../state-machine';
import { helpLines } from '../grammar';
import { answer, recordEvent, type CommandHandler } from '../command-context';

export const query: CommandHandler = async (c) => {
  const t = c.ticket!;
  await c.deps.db.transaction(async (em) => {
    await recordEvent(em, t, 'query', c.actor, c.now, null);
    await answer(c, staffCard(t, await listDeadlines(em, t.id), c.deps.directory, c.message.platform, '工单'), em);
  });
};

export const mine: CommandHandler = async (c) => {
  const rows = await c.deps.db.ds.getRepository(TicketEntity).find({ where: { assigneeId: c.sender.staff.id, status: In([...UNFINISHED_STATUSES]) }, order: { id: 'ASC' }, take: 30 });
  await answer(c, rows.length ? { title: `${c.sender.staff.name}的未完成工单（${rows.length}）`, lines: rows.map((t) => statusLine(t, c.deps.directory)) } : { title: '你没有未完成的工单', lines: ['发送「帮助」查看命令。'] });
};

export const help: CommandHandler = async (c) => {
  await answer(c, { title: '工单命令', lines: helpLines() });
};

export const reports: CommandHandler = async (c) => {
  const port = c.deps.reports;
  const text = [c.cmd.word, c.cmd.args].filter(Boolean).join(' ');
  if (!port) {
    await answer(c, { title: `${c.cmd.word}暂不可用`, lines: ['报表功能还没有启用。'] });
    return;
  }
  const bodies = await port.answerCommand(text, c.message.platform);
  if (!bodies?.length) {
    await answer(c, { title: `${c.cmd.word}暂不可用`, lines: ['没有可发送的报表。'] });
    return;
  }
  for (const [i, body] of bodies.entries()) await answer(c, body, undefined, i);
};
