import { Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { FakeMercadoPagoApi, FakePaymentStatus } from './fake-mercadopago-api.js';
import { SandboxServers } from './sandbox.module.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
.card{border:1px solid #ddd;border-radius:12px;padding:1.5rem}.amount{font-size:2rem;font-weight:700}
button{font-size:1.1rem;padding:.7rem 1.4rem;border-radius:8px;border:0;cursor:pointer;margin:.3rem .3rem 0 0}
.pay{background:#009ee3;color:#fff}.reject{background:#eee}small{color:#777}</style></head>
<body><div class="card">${content}</div>
<p><small>Checkout de prueba (sandbox): ningún dinero real se mueve.</small></p></body></html>`;
}

/**
 * The sandbox's stand-in for MercadoPago's checkout: the `init_point` of the fake's preferences. The
 * "Pagar" button makes the fake create an approved payment and deliver its signed webhook to this app,
 * so a local guest in `npm run chat` can complete a booking. Registered only in a process that runs
 * the fake (see SandboxCheckoutModule).
 */
@ApiExcludeController()
@Controller('sandbox/checkout')
export class SandboxCheckoutController {
  constructor(private readonly servers: SandboxServers) {}

  @Get(':preferenceId')
  show(
    @Param('preferenceId') id: string,
    @Query('result') result: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    const preference = this.preference(id);
    if (result) {
      void reply.type('text/html; charset=utf-8');
      return this.resultPage(result);
    }
    const item = (preference.body.items as Record<string, unknown>[])[0]!;
    const action = `/api/v1/sandbox/checkout/${encodeURIComponent(id)}/pay`;
    void reply.type('text/html; charset=utf-8');
    return page(
      'Pagar seña',
      `<h1>Pagar seña</h1><p>${escape(String(item.title ?? ''))}</p>
<p class="amount">$ ${escape(Number(item.unit_price).toLocaleString('es-AR'))}</p>
<form method="post" enctype="text/plain" action="${action}?status=approved">
<button class="pay" type="submit">Pagar</button></form>
<form method="post" enctype="text/plain" action="${action}?status=rejected">
<button class="reject" type="submit">Simular rechazo</button></form>`,
    );
  }

  /** Answers 303 to the result page (post/redirect/get), so reloading it does not pay twice. */
  @Post(':preferenceId/pay')
  @HttpCode(303)
  async pay(
    @Param('preferenceId') id: string,
    @Query('status') status: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    this.preference(id);
    const wanted: FakePaymentStatus = status === 'rejected' ? 'rejected' : 'approved';
    const { delivery } = await this.fake().pay(id, { status: wanted });
    const delivered = delivery.status !== null && delivery.status < 300;
    const result = delivered ? wanted : 'undelivered';
    void reply.header('location', `/api/v1/sandbox/checkout/${encodeURIComponent(id)}?result=${result}`);
  }

  private resultPage(result: string): string {
    if (result === 'approved') {
      return page(
        '¡Pago aprobado!',
        '<h1>¡Pago aprobado!</h1><p>Listo, ya podés volver a WhatsApp: en un momento te llega la confirmación.</p>',
      );
    }
    if (result === 'rejected') {
      return page(
        'Pago rechazado',
        '<h1>Pago rechazado</h1><p>El pago fue rechazado. Podés volver atrás e intentar de nuevo.</p>',
      );
    }
    return page(
      'Pago sin aviso',
      '<h1>Pago registrado, sin aviso a la app</h1><p><small>El aviso del pago no llegó a la app: ' +
        '¿está escuchando en PUBLIC_BASE_URL?</small></p>',
    );
  }

  private fake(): FakeMercadoPagoApi {
    const fake = this.servers.mercadopago;
    if (!fake)
      throw new NotFoundException({ error: 'not_found', message: 'The MercadoPago sandbox is not running' });
    return fake;
  }

  private preference(id: string) {
    const preference = this.fake().preference(id);
    if (!preference) throw new NotFoundException({ error: 'not_found', message: 'Unknown checkout' });
    return preference;
  }
}
