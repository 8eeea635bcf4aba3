-- Items get a price (unreleased: deployed with `next`).
-- alteration:up
alter table items add column price_cents bigint not null default 0;

-- alteration:down
alter table items drop column price_cents;
