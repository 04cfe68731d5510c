import { randomBytes } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  NotFoundException,
  Post,
  Query,
  Res,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Quiet } from '../common/http/quiet.decorator.js';
import type { FakeWhatsAppApi, RecordedRequest } from './fake-whatsapp-api.js';
import { SandboxServers } from './sandbox.module.js';

/** What WhatsApp records voice notes as (integrations.md §1). */
export const VOICE_NOTE_MIME = 'audio/ogg; codecs=opus';

/** Long enough to save requests, short enough for proxies and clients that give up at 30 s. */
export const MAX_WAIT_MS = 25_000;

export class SentMessagesQueryDto {
  @ApiPropertyOptional({
    description: 'Recipient phone, digits (a leading + is ignored)',
    example: '5491155580001',
  })
  @IsOptional()
  @Matches(/^\+?\d{6,20}$/, { message: 'to must be a phone number in digits' })
  to?: string;

  @ApiPropertyOptional({ description: 'Only messages after this cursor', minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({
    description: `Wait up to this many ms for a new message (capped at ${MAX_WAIT_MS})`,
    minimum: 0,
    default: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  wait?: number;
}

class SentImageDto {
  @ApiProperty() link!: string;
  @ApiPropertyOptional() caption?: string;
}

export class SentMessageDto {
  @ApiProperty({ description: 'Pass it as `after` to get only later messages' }) cursor!: number;
  @ApiProperty({ example: '+5491155580001' }) to!: string;
  @ApiProperty({ example: 'text' }) type!: string;
  @ApiPropertyOptional({ description: 'Body of a text message' }) text?: string;
  @ApiPropertyOptional({ type: SentImageDto }) image?: SentImageDto;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class SentMessagesResponse {
  @ApiProperty({ type: [SentMessageDto] }) messages!: SentMessageDto[];
  @ApiProperty({ description: 'The newest cursor seen; the `after` of the next call' }) cursor!: number;
}

export class VoiceNoteDto {
  @ApiProperty({ description: 'What the guest says; the fake transcription hears exactly these words' })
  @IsString()
  @Length(1, 4096)
  text!: string;
}

export class VoiceNoteMediaDto {
  @ApiProperty({ description: 'Media id for an `audio` message of a webhook' }) id!: string;
  @ApiProperty({ example: VOICE_NOTE_MIME }) mime_type!: string;
}

const digits = (phone: unknown): string => (typeof phone === 'string' ? phone.replace(/\D/g, '') : '');

function isSentMessage(request: RecordedRequest): boolean {
  return request.method === 'POST' && request.path.endsWith('/messages') && request.status === 200;
}

function view(request: RecordedRequest): SentMessageDto {
  const body = request.body as {
    to: string;
    type: string;
    text?: { body?: string };
    image?: { link?: string; caption?: string };
  };
  return {
    cursor: request.seq!,
    to: body.to,
    type: body.type,
    ...(body.type === 'text' ? { text: body.text?.body ?? '' } : {}),
    ...(body.type === 'image'
      ? {
          image: {
            link: body.image?.link ?? '',
            ...(body.image?.caption ? { caption: body.image.caption } : {}),
          },
        }
      : {}),
    at: request.at.toISOString(),
  };
}

/**
 * What the sandbox's fake Graph API has "delivered", so `npm run chat` (and a developer with curl)
 * can see the bot's replies. Registered only in a process that started the fake, which production
 * never does (see SandboxWhatsAppModule).
 */
@ApiTags('sandbox')
@Controller('sandbox/whatsapp')
export class SandboxWhatsAppController implements OnModuleDestroy {
  /** Pending long polls, released at shutdown so they never hold the server open. */
  private readonly waiting = new Set<() => void>();

  constructor(private readonly servers: SandboxServers) {}

  @Get('messages')
  // A long poll lasts as long as the chat is idle: neither a request worth a log line nor a latency.
  @Quiet()
  @ApiOperation({
    summary: 'Sandbox only: messages the fake WhatsApp API accepted, long-polling with `wait`',
  })
  @ApiOkResponse({ type: SentMessagesResponse })
  async messages(
    @Query() query: SentMessagesQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SentMessagesResponse> {
    const fake = this.servers.whatsapp;
    if (!fake)
      throw new NotFoundException({ error: 'not_found', message: 'The WhatsApp sandbox is not running' });
    const to = query.to === undefined ? undefined : digits(query.to);
    const after = query.after ?? 0;
    const matches = (r: RecordedRequest) =>
      (r.seq ?? 0) > after &&
      isSentMessage(r) &&
      (to === undefined || digits((r.body as { to?: unknown }).to) === to);

    const wait = Math.min(query.wait ?? 0, MAX_WAIT_MS);
    if (wait > 0 && !fake.requests.some(matches)) {
      await this.until(fake, matches, wait, reply);
    }
    return this.collect(fake, matches, after);
  }

  @Post('voice-notes')
  @ApiOperation({
    summary: 'Sandbox only: a voice note saying `text`, held by the fake WhatsApp API for an audio webhook',
  })
  @ApiCreatedResponse({ type: VoiceNoteMediaDto })
  voiceNote(@Body() body: VoiceNoteDto): VoiceNoteMediaDto {
    const fake = this.servers.whatsapp;
    if (!fake)
      throw new NotFoundException({ error: 'not_found', message: 'The WhatsApp sandbox is not running' });
    // The sandbox's transcription "hears" audio bytes that are UTF-8 text as that text.
    const id = randomBytes(8).readBigUInt64BE().toString();
    fake.addMedia(id, Buffer.from(body.text, 'utf8'), VOICE_NOTE_MIME);
    return { id, mime_type: VOICE_NOTE_MIME };
  }

  onModuleDestroy(): void {
    for (const release of [...this.waiting]) release();
  }

  private collect(
    fake: FakeWhatsAppApi,
    matches: (r: RecordedRequest) => boolean,
    after: number,
  ): SentMessagesResponse {
    let cursor = after;
    const messages: SentMessageDto[] = [];
    for (const request of fake.requests) {
      cursor = Math.max(cursor, request.seq ?? 0);
      if (matches(request)) messages.push(view(request));
    }
    messages.sort((a, b) => a.cursor - b.cursor);
    return { messages, cursor };
  }

  /** Resolves when a matching message is answered, the wait ends, the client leaves or the app stops. */
  private until(
    fake: FakeWhatsAppApi,
    matches: (r: RecordedRequest) => boolean,
    waitMs: number,
    reply: FastifyReply,
  ): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        unsubscribe();
        reply.raw.off('close', release);
        this.waiting.delete(release);
        resolve();
      };
      const timer = setTimeout(release, waitMs);
      const unsubscribe = fake.onAnswered((request) => {
        if (matches(request)) release();
      });
      reply.raw.once('close', release);
      this.waiting.add(release);
    });
  }
}
