-- Unreleased: organizations group users of a tenant.
-- alteration:up
create table organizations (
  id varchar(21) primary key,
  tenant_id varchar(21) not null references tenants (id) on update cascade on delete cascade,
  name varchar(128) not null,
  created_at timestamptz not null default now()
);
create table organization_users (
  organization_id varchar(21) not null references organizations (id) on delete cascade,
  user_id varchar(21) not null references users (id) on delete cascade,
  primary key (organization_id, user_id)
);

-- alteration:down
drop table organization_users;
drop table organizations;
