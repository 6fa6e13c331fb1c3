import { createHash } from 'node:crypto';
import { escapeHtml, jsonForScript } from '../../../functions/core/report/html-escape';
import { renderHtml } from '../../../functions/core/report/html-page';
import { packRows, toTemplate, type Template } from '../../../functions/core/report/html-table-data';
import { buildReport } from '../../../functions/core/report/report';
import { everyControlInput, HOSTILE } from './report-input';

function fill(template: Template, resource: string, accountId: string): string {
  return template.map((part) => (part === 0 ? resource : part === 1 ? accountId : part)).join('');
}

describe('HTML page', () => {
  const report = buildReport(everyControlInput());
  const html = renderHtml(report);

  test('the CSP forbids every fetch and allows exactly the inline style and script, by hash', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/
      .exec(html)![1]!
      .replaceAll('&#39;', "'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(scripts).toHaveLength(1);
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      `style-src ${hash(style)}`,
      `script-src ${hash(scripts[0]!)}`,
      "base-uri 'none'",
      "form-action 'none'",
    ]);
    // Nothing to fetch: no tag with a src or href, no stylesheet link, no url() in the style.
    expect(html).not.toMatch(/<[a-z][^>]*\s(src|href)=|<link/i);
    expect(style).not.toContain('url(');
  });

  test('hostile text is escaped in the markup and cannot close the data script', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain(escapeHtml(HOSTILE));
    const data = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(data).not.toMatch(/[<>]/);
    expect(JSON.parse(data).reasons).toContain(HOSTILE);
    expect(jsonForScript({ a: '</script>&\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u0026\\u2028"}');
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;',
    );
  });

  test('the packed rows give back every row’s resource id, detail and finding id', () => {
    const packed = packRows(report.rows);
    expect(packed.count).toBe(report.rows.length);
    report.rows.forEach((row, i) => {
      const [accountId, name, ou] = packed.accounts[packed.columns.account[i]!]!;
      const resource = packed.resources[packed.columns.resource[i]!]!;
      const id = packed.columns.findingId[i]!;
      expect([accountId, name, ou, resource]).toEqual([
        row.accountId,
        row.accountName,
        row.ouPath,
        row.resource,
      ]);
      expect(fill(packed.templates[packed.columns.detail[i]!]!, resource, accountId)).toBe(row.detail);
      expect(fill(packed.templates[packed.columns.resourceId[i]!]!, resource, accountId)).toBe(
        row.resourceId,
      );
      expect(id.startsWith('!') ? id.slice(1) : `orgmfa/${accountId}/${row.control}/${id}`).toBe(
        row.findingId,
      );
    });
    // Details that differ only by user share one template.
    expect(toTemplate('User carol has no MFA device.', 'carol', '111111111111')).toEqual([
      'User ',
      0,
      ' has no MFA device.',
    ]);
    expect(toTemplate(`arn:aws:iam::1:user/x/1`, '1', '1')).toEqual(['arn:aws:iam::', 0, ':user/x/', 0]);
  });

  test('a finding id of another shape is kept whole', () => {
    const packed = packRows([{ ...report.rows[0]!, findingId: 'imported/elsewhere' }]);
    expect(packed.columns.findingId).toEqual(['!imported/elsewhere']);
  });
});
