import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { newIcalExportToken } from '../database/seed.js';
import { fromCents, toCents } from './domain/pricing.js';
import type {
  AccommodationResponse,
  AdminAccommodationResponse,
  CreateAccommodationDto,
  PhotoDto,
  UpdateAccommodationDto,
} from './dto/accommodation.dto.js';
import { Accommodation, type AccommodationPhoto } from './entities/accommodation.entity.js';
import { notFound, slugTaken } from './reservation.errors.js';

const percent = (value: number | null | undefined): string | null =>
  value === null || value === undefined ? null : fromCents(toCents(value.toFixed(2)));

const photos = (list: PhotoDto[]): AccommodationPhoto[] =>
  list.map((p) => ({
    url: p.url,
    ...(p.caption !== undefined ? { caption: p.caption } : {}),
    order: p.order,
    ...(p.is_primary !== undefined ? { is_primary: p.is_primary } : {}),
  }));

/** The operator's catalogue. Public views never carry the iCal export token. */
@Injectable()
export class AccommodationsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async listActive(): Promise<AccommodationResponse[]> {
    const places = await this.em.fork().find(Accommodation, { active: true }, { orderBy: { name: 'asc' } });
    return places.map((p) => this.publicView(p));
  }

  async getActive(slug: string): Promise<AccommodationResponse> {
    const place = await this.em.fork().findOne(Accommodation, { slug, active: true });
    if (!place) throw notFound(`Accommodation ${slug}`);
    return this.publicView(place);
  }

  async create(dto: CreateAccommodationDto): Promise<AdminAccommodationResponse> {
    const em = this.em.fork();
    const place = em.create(Accommodation, {
      slug: dto.slug,
      name: dto.name,
      description: dto.description ?? '',
      capacity: dto.capacity,
      nightlyPrice: dto.nightly_price,
      depositPercent: percent(dto.deposit_percent),
      photos: photos(dto.photos ?? []),
      aliases: dto.aliases ?? [],
      timezone: dto.timezone ?? 'America/Argentina/Buenos_Aires',
      icalExportToken: newIcalExportToken(),
      currency: 'ARS',
      active: true,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw slugTaken(dto.slug);
      throw error;
    }
    await em.refresh(place);
    return this.adminView(place);
  }

  async update(slug: string, dto: UpdateAccommodationDto): Promise<AdminAccommodationResponse> {
    const em = this.em.fork();
    const place = await em.findOne(Accommodation, { slug });
    if (!place) throw notFound(`Accommodation ${slug}`);
    if (dto.name !== undefined) place.name = dto.name;
    if (dto.description !== undefined) place.description = dto.description;
    if (dto.capacity !== undefined) place.capacity = dto.capacity;
    if (dto.nightly_price !== undefined) place.nightlyPrice = dto.nightly_price;
    if (dto.deposit_percent !== undefined) place.depositPercent = percent(dto.deposit_percent);
    if (dto.photos !== undefined) place.photos = photos(dto.photos);
    if (dto.aliases !== undefined) place.aliases = dto.aliases;
    if (dto.timezone !== undefined) place.timezone = dto.timezone;
    if (dto.active !== undefined) place.active = dto.active;
    await em.flush();
    return this.adminView(place);
  }

  /** Soft: existing reservations keep pointing at it; it just stops being offered. */
  deactivate(slug: string): Promise<AdminAccommodationResponse> {
    return this.update(slug, { active: false });
  }

  private publicView(p: Accommodation): AccommodationResponse {
    return {
      slug: p.slug,
      name: p.name,
      description: p.description,
      capacity: p.capacity,
      nightly_price: fromCents(toCents(String(p.nightlyPrice))),
      deposit_percent: p.depositPercent ?? fromCents(BigInt(this.config.booking.depositPercent) * 100n),
      currency: p.currency.trim(),
      photos: [...p.photos].sort((a, b) => a.order - b.order),
      aliases: p.aliases,
      timezone: p.timezone,
      active: p.active,
    };
  }

  private adminView(p: Accommodation): AdminAccommodationResponse {
    return {
      ...this.publicView(p),
      id: p.id,
      ical_export_token: p.icalExportToken,
      own_deposit_percent: p.depositPercent,
      created_at: new Date(p.createdAt).toISOString(),
      updated_at: new Date(p.updatedAt).toISOString(),
    };
  }
}
