import { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundException } from '@nestjs/common';
import { seedDemoAccommodations } from '../../../src/database/seed.js';
import { FakeWhatsAppApi } from '../../../src/sandbox/fake-whatsapp-api.js';
import {
  SandboxWhatsAppController,
  type SentMessagesResponse,
} from '../../../src/sandbox/sandbox-whatsapp.controller.js';
import { SandboxServers } from '../../../src/sandbox/sandbox.module.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { postWebhook, randomGuestPhone, textWebhook } from '../../support/whatsapp-webhooks.js';

const ROUTE = '/api/v1/sandbox/whatsapp/messages';

type Page = SentMessagesResponse;

async function say(t: TestApp, phone: string, text: string): Promise<void> {
  expect(await postWebhook(t.app, textWebhook(phone, text))).toBe(200);
}

async function page(t: TestApp, query: string): Promise<Page> {
  const res = await t.app.inject({ method: 'GET', url: `${ROUTE}?${query}` });
  expect(res.statusCode).toBe(200);
  return res.json<Page>();
}

describe('sandbox route: what the fake WhatsApp API received', () => {
  describe('in a process that runs the fake', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({
        env: {
          DATABASE_URL: await isolatedDatabaseUrl(),
          OUTBOX_DISPATCH_INTERVAL_MS: '100',
          INBOX_SWEEP_INTERVAL_MS: '100',
        },
      });
      await seedDemoAccommodations(t.app.get(EntityManager).fork());
    });
    afterAll(async () => {
      await t?.close();
      await dropIsolatedDatabases();
    });

    it('long-polls: answers as soon as a reply to that guest is sent, with the text and the image', async () => {
      const phone = randomGuestPhone();
      const other = randomGuestPhone();
      const start = await page(t, `to=${phone}&wait=0`);
      expect(start.messages).toEqual([]);

      const waiting = page(t, `to=${phone}&after=${start.cursor}&wait=20000`);
      await say(t, other, 'hola');
      await say(t, phone, 'hola');
      const first = await waiting;
      expect(first.messages).toHaveLength(1);
      expect(first.messages[0]).toMatchObject({ to: `+${phone}`, type: 'text' });
      expect(first.messages[0].text).toMatch(/Consultar disponibilidad/);
      expect(first.cursor).toBeGreaterThanOrEqual(first.messages[0].cursor);

      await say(t, phone, 'info de la cabaña del lago');
      const info: Page['messages'] = [];
      let cursor = first.cursor;
      while (info.length < 2) {
        const next = await page(t, `to=%2B${phone}&after=${cursor}&wait=20000`);
        info.push(...next.messages);
        cursor = next.cursor;
      }
      expect(info[0]).toMatchObject({
        type: 'image',
        image: {
          link: 'https://estadia.example/photos/cabana-del-lago/deck.jpg',
          caption: '📸 *Cabaña del Lago*',
        },
      });
      expect(info[1].text).toMatch(/Hasta 4 personas/);

      // Nothing new: the wait ends with an empty page, keeping the cursor.
      const idle = await page(t, `to=${phone}&after=${cursor}&wait=50`);
      expect(idle).toEqual({ messages: [], cursor });
      // Without `to`, every recipient's messages.
      const all = await page(t, `after=${start.cursor}`);
      expect(new Set(all.messages.map((m) => m.to))).toEqual(new Set([`+${phone}`, `+${other}`]));
    });

    it('refuses malformed queries', async () => {
      for (const query of ['wait=-1', 'after=abc', 'to=abc', 'unknown=1']) {
        const res = await t.app.inject({ method: 'GET', url: `${ROUTE}?${query}` });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ error: 'validation_failed' });
      }
    });

    it('is documented in the OpenAPI document of a sandbox process', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/docs-json' })).json<{
        paths: Record<string, unknown>;
      }>();
      expect(Object.keys(doc.paths)).toContain(ROUTE);
    });
  });

  describe('in a process whose Graph API URL is configured (as in production)', () => {
    let fake: FakeWhatsAppApi;
    let t: TestApp;

    beforeAll(async () => {
      fake = new FakeWhatsAppApi();
      await fake.start();
      t = await startTestApp({ env: { WHATSAPP_API_URL: fake.url, DATABASE_URL: undefined } });
    });
    afterAll(async () => {
      await t?.close();
      await fake.stop();
    });

    it('has no such route and does not document it', async () => {
      const res = await t.app.inject({ method: 'GET', url: `${ROUTE}?wait=0` });
      expect(res.statusCode).toBe(404);
      const doc = (await t.app.inject({ method: 'GET', url: '/api/docs-json' })).json<{
        paths: Record<string, unknown>;
      }>();
      expect(Object.keys(doc.paths).some((p) => p.includes('sandbox'))).toBe(false);
    });
  });

  it('answers 404 if the fake is gone', async () => {
    const controller = new SandboxWhatsAppController(new SandboxServers());
    await expect(controller.messages({}, {} as never)).rejects.toBeInstanceOf(NotFoundException);
  });
});
