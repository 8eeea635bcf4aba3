-- The identity schema of the first release candidate: tenants and their users, applications and roles.
-- alteration:up
create table tenants (
  id varchar(21) primary key,
  name varchar(128) not null,
  created_at timestamptz not null default now()
);

create table users (
  id varchar(21) primary key,
  tenant_id varchar(21) not null references tenants (id) on update cascade on delete cascade,
  username varchar(128),
  primary_email varchar(128),
  password_encrypted varchar(128),
  name varchar(128),
  created_at timestamptz not null default now()
);
create index users__tenant_id on users (tenant_id);

create table applications (
  id varchar(21) primary key,
  tenant_id varchar(21) not null references tenants (id) on update cascade on delete cascade,
  name varchar(256) not null,
  secret varchar(64) not null,
  redirect_uris jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now()
);

create table roles (
  id varchar(21) primary key,
  tenant_id varchar(21) not null references tenants (id) on update cascade on delete cascade,
  name varchar(128) not null,
  description varchar(128) not null default '',
  constraint roles__name unique (tenant_id, name)
);

create table users_roles (
  user_id varchar(21) not null references users (id) on delete cascade,
  role_id varchar(21) not null references roles (id) on delete cascade,
  primary key (user_id, role_id)
);

-- alteration:down
drop table users_roles;
drop table roles;
drop table applications;
drop table users;
drop table tenants;
