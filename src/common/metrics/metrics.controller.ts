import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';
import { Quiet } from '../http/quiet.decorator.js';

/** Scrapes are quiet: never rate-limited, access-logged or timed. */
@ApiExcludeController()
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  @Quiet()
  override async index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    return super.index(response);
  }
}
