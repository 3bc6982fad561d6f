/**
 * The 通报's printable page in Chromium: printed to PDF on A4, the weekly sample with 40 cases takes at most 4 pages
 * (the page lists overdue cases, 转办 and notable cases; every case is in the Excel file), and at A4's width with
 * print media emulated no line is wider than the page.
 */
import type { Page } from 'playwright-core';
import { reportHtml } from '../../cloudfunctions/reports/html';
import { reportXlsx } from '../../cloudfunctions/reports/xlsx';
import { browserAvailable, launch } from '../support/browser';
import { sampleReport } from '../support/report-sample';

const run = browserAvailable() ? describe : describe.skip;

/** A4 at 96 CSS px per inch: 210 mm wide; 180 mm inside the page's 15 mm margins. */
const A4_WIDTH = 794;
const A4_INNER_WIDTH = 680;

/** Pages of a PDF: its page objects (`/Type /Page`, not the `/Pages` tree nodes). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;
}

/** The page tree's own count, to check the count above. */
function pdfCount(pdf: Buffer): number {
  const counts = [...pdf.toString('latin1').matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)].map((m) =>
    Number(m[1] ?? m[2]),
  );
  return Math.max(0, ...counts);
}

run('the 通报 printed', () => {
  let browser: Awaited<ReturnType<typeof launch>>;
  let page: Page;
  beforeAll(async () => {
    browser = await launch({ width: A4_WIDTH, height: 1123 });
    page = await browser.context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Width of the document at this viewport width, printed. */
  async function printWidth(html: string, width: number): Promise<{ scrollWidth: number; widest: string | null }> {
    await page.setViewportSize({ width, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    await page.setContent(html);
    return page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      const wide = Array.from(document.querySelectorAll('body *')).find((el) => el.getBoundingClientRect().right > limit + 0.5);
      return { scrollWidth: document.documentElement.scrollWidth, widest: wide ? `${wide.tagName}: ${wide.textContent?.slice(0, 40)}` : null };
    });
  }

  async function printedPages(html: string): Promise<{ pages: number; bytes: number }> {
    await page.emulateMedia({ media: 'print' });
    await page.setContent(html);
    const pdf = await page.pdf({ format: 'A4' });
    const pages = pdfPages(pdf);
    expect(pdfCount(pdf)).toBe(pages);
    return { pages, bytes: pdf.length };
  }

  it('prints the weekly sample with 40 cases on at most 4 A4 pages', async () => {
    const data = sampleReport({ cases: 40 });
    const html = reportHtml(data);
    const printed = await printedPages(html);
    expect(printed.pages).toBeGreaterThanOrEqual(1);
    expect(printed.pages).toBeLessThanOrEqual(4);
    const xlsx40 = await reportXlsx(data);
    const xlsx400 = await reportXlsx(sampleReport({ cases: 400 }));
    console.log(
      `通报 weekly sample: ${printed.pages} A4 pages (PDF ${printed.bytes} bytes); HTML ${Buffer.byteLength(html)} bytes; ` +
        `XLSX ${xlsx40.length} bytes with 40 cases, ${xlsx400.length} bytes with 400 cases`,
    );
    // 400 cases do not lengthen the printed page: the cases are in the Excel file.
    const printed400 = await printedPages(reportHtml(sampleReport({ cases: 400 })));
    expect(printed400.pages).toBe(printed.pages);
  }, 60_000);

  it('prints the monthly sample (five weeks of trend) on at most 4 A4 pages', async () => {
    const printed = await printedPages(reportHtml(sampleReport({ kind: 'month', cases: 120 })));
    expect(printed.pages).toBeLessThanOrEqual(4);
    console.log(`通报 monthly sample: ${printed.pages} A4 pages`);
  }, 60_000);

  it('has no line wider than A4, nor than A4 inside its margins, with print media', async () => {
    const html = reportHtml(sampleReport({ cases: 40 }));
    for (const width of [A4_WIDTH, A4_INNER_WIDTH]) {
      const measured = await printWidth(html, width);
      console.log(`通报 at ${width} px (print media): scrollWidth ${measured.scrollWidth}`);
      expect(measured).toEqual({ scrollWidth: width, widest: null });
    }
  }, 60_000);
});
