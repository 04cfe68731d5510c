import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthService } from './health.service.js';
import type { HealthReport } from './health-report.js';
import { Quiet } from '../common/http/quiet.decorator.js';
import { Lifecycle } from '../common/lifecycle/lifecycle.js';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly lifecycle: Lifecycle,
    private readonly health: HealthService,
  ) {}

  @Get('livez')
  @Quiet()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers (no dependency checks)' })
  livez(): { status: 'alive' } {
    return { status: 'alive' };
  }

  @Get('readyz')
  @Quiet()
  @ApiOperation({ summary: 'Readiness: 503 while starting or draining' })
  readyz(@Res({ passthrough: true }) reply: FastifyReply): { status: string } {
    const phase = this.lifecycle.phase;
    if (phase !== 'ready') {
      void reply.status(503);
      return { status: phase === 'starting' ? 'starting' : 'draining' };
    }
    return { status: 'ready' };
  }

  @Get('healthz')
  @Quiet()
  @ApiOperation({ summary: 'Dependencies: database and Redis latency, iCal sync age' })
  async healthz(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.health.report();
    void reply.status(report.status === 'unhealthy' ? 503 : 200);
    return report;
  }
}
