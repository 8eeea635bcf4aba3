-- One account per e-mail address in a tenant, compared case-insensitively; usernames are well-formed.
-- alteration:up
create unique index users__tenant_id__primary_email
  on users (tenant_id, lower(primary_email));
alter table users
  add constraint users__username_format check (username is null or username ~ '^[A-Za-z_][A-Za-z0-9_]*$');

-- alteration:down
alter table users drop constraint users__username_format;
drop index users__tenant_id__primary_email;
