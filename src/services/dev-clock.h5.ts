/** H5 local mode: the local cloud's clock over HTTP (GET / POST /__dev/clock). See dev-clock.ts. */

interface ClockAnswer {
  now: string;
  /** Deadline actions the timer ran while the clock moved (POST only); the pages simply reload. */
  triggered?: unknown[];
}

async function readClock(res: Response): Promise<string> {
  if (!res.ok) throw new Error(`dev clock: HTTP ${res.status}`);
  const body = (await res.json()) as ClockAnswer;
  if (typeof body.now !== 'string') throw new Error('dev clock: no time in the answer');
  return body.now;
}

export async function fetchDevClock(): Promise<string> {
  return readClock(await fetch('/__dev/clock'));
}

export async function advanceDevClock(minutes: number): Promise<string> {
  return readClock(
    await fetch('/__dev/clock', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMinutes: minutes }),
    }),
  );
}
