import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from './admin-token.guard.js';

/** Operator-only route: bearer token checked, and documented as such in OpenAPI. */
export function AdminOnly(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(AdminTokenGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing or wrong `Authorization: Bearer <ADMIN_API_TOKEN>`' }),
  );
}
