import { Migration } from '@mikro-orm/migrations';

/**
 * The whole schema of the first release. Hand-written so that the exclusion constraint, partial
 * indexes and checks are exactly what we mean, on PostgreSQL 15 and on PGlite alike.
 */
export class Migration20261127000000_initial extends Migration {
  override up(): void {
    this.addSql(`create extension if not exists btree_gist;`);

    this.addSql(`
      create table accommodations (
        id uuid primary key default gen_random_uuid(),
        slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text not null,
        description text not null default '',
        capacity integer not null check (capacity > 0),
        nightly_price numeric(12,2) not null check (nightly_price > 0),
        deposit_percent numeric(5,2) check (deposit_percent >= 0 and deposit_percent <= 100),
        currency char(3) not null default 'ARS',
        photos jsonb not null default '[]'::jsonb,
        aliases jsonb not null default '[]'::jsonb,
        timezone text not null default 'America/Argentina/Buenos_Aires',
        active boolean not null default true,
        ical_export_token text not null unique,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);

    this.addSql(`
      create table reservations (
        id uuid primary key default gen_random_uuid(),
        code text not null unique check (code ~ '^RES-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}$'),
        accommodation_id uuid not null references accommodations(id),
        guest_phone text not null,
        guest_name text,
        check_in date not null,
        check_out date not null,
        guests_count integer not null check (guests_count > 0),
        total_price numeric(14,2) not null check (total_price >= 0),
        deposit_amount numeric(14,2) not null check (deposit_amount >= 0),
        currency char(3) not null default 'ARS',
        status text not null check (status in ('pre_reserved', 'confirmed', 'expired', 'cancelled')),
        source text not null default 'whatsapp' check (source in ('whatsapp', 'admin')),
        expires_at timestamptz,
        confirmed_at timestamptz,
        cancelled_at timestamptz,
        expired_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint reservations_dates_check check (check_out > check_in),
        constraint reservations_no_overlap exclude using gist (
          accommodation_id with =,
          daterange(check_in, check_out, '[)') with &&
        ) where (status in ('pre_reserved', 'confirmed'))
      );`);
    this.addSql(
      `create index reservations_expiring_idx on reservations (expires_at) where status = 'pre_reserved';`,
    );
    this.addSql(`create index reservations_guest_idx on reservations (guest_phone, created_at desc);`);
    this.addSql(
      `create index reservations_accommodation_dates_idx on reservations (accommodation_id, check_in);`,
    );

    this.addSql(`
      create table ical_feeds (
        id uuid primary key default gen_random_uuid(),
        accommodation_id uuid not null references accommodations(id) on delete cascade,
        name text not null default '',
        url text not null,
        active boolean not null default true,
        etag text,
        last_modified text,
        last_attempt_at timestamptz,
        last_success_at timestamptz,
        last_error text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (accommodation_id, url)
      );`);

    this.addSql(`
      create table external_blocks (
        id uuid primary key default gen_random_uuid(),
        feed_id uuid not null references ical_feeds(id) on delete cascade,
        accommodation_id uuid not null references accommodations(id) on delete cascade,
        uid text not null,
        start_date date not null,
        end_date date not null,
        summary text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (feed_id, uid),
        check (end_date > start_date)
      );`);
    this.addSql(
      `create index external_blocks_lookup_idx on external_blocks using gist (accommodation_id, daterange(start_date, end_date, '[)'));`,
    );

    this.addSql(`
      create table payments (
        id uuid primary key default gen_random_uuid(),
        reservation_id uuid not null references reservations(id),
        provider text not null default 'mercadopago',
        preference_id text unique,
        checkout_url text,
        payment_id text unique,
        status text not null default 'pending',
        status_detail text,
        amount numeric(14,2) not null check (amount >= 0),
        currency char(3) not null default 'ARS',
        raw jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql(`create index payments_reservation_idx on payments (reservation_id);`);

    this.addSql(`
      create table inbound_events (
        id bigint generated always as identity primary key,
        provider text not null,
        external_id text not null,
        kind text not null,
        sender text,
        payload jsonb not null,
        trace_id text,
        status text not null default 'pending'
          check (status in ('pending', 'done', 'dead', 'unrecognized')),
        attempts integer not null default 0,
        next_attempt_at timestamptz not null default now(),
        last_error text,
        received_at timestamptz not null default now(),
        processed_at timestamptz,
        unique (provider, external_id)
      );`);
    this.addSql(
      `create index inbound_events_due_idx on inbound_events (next_attempt_at, id) where status = 'pending';`,
    );
    this.addSql(
      `create index inbound_events_sender_idx on inbound_events (sender, id) where status = 'pending';`,
    );

    this.addSql(`
      create table outbound_messages (
        id bigint generated always as identity primary key,
        recipient text not null,
        kind text not null check (kind in ('text', 'image')),
        body jsonb not null,
        dedupe_key text not null unique,
        status text not null default 'pending' check (status in ('pending', 'sent', 'dead')),
        attempts integer not null default 0,
        next_attempt_at timestamptz not null default now(),
        last_error text,
        provider_message_id text unique,
        delivery_status text,
        delivery_error jsonb,
        trace_id text,
        created_at timestamptz not null default now(),
        sent_at timestamptz,
        updated_at timestamptz not null default now()
      );`);
    this.addSql(
      `create index outbound_messages_due_idx on outbound_messages (next_attempt_at, id) where status = 'pending';`,
    );

    this.addSql(`
      create table conversations (
        phone text primary key,
        check_in date,
        check_out date,
        guests integer,
        accommodation_slug text,
        updated_at timestamptz not null default now()
      );`);
  }

  override down(): void {
    for (const table of [
      'conversations',
      'outbound_messages',
      'inbound_events',
      'payments',
      'external_blocks',
      'ical_feeds',
      'reservations',
      'accommodations',
    ]) {
      this.addSql(`drop table if exists ${table};`);
    }
  }
}
