-- One account per e-mail address in a tenant, compared case-insensitively; usernames are well-formed.
-- logto:accept index-build users: released as is and already run on deployed databases; these header lines leave its checksum unchanged
-- logto:accept validation-scan users: released as is and already run on deployed databases; these header lines leave its checksum unchanged
-- logto:accept new-constraint users.users__username_format: breaks 1.0.0 instances that write usernames of another form; they must be stopped before 1.1.0 is deployed (no rolling upgrade from 1.0.0)
-- logto:accept new-constraint users__tenant_id__primary_email: breaks 1.0.0 instances that write a second account with the same e-mail; they must be stopped before 1.1.0 is deployed (no rolling upgrade from 1.0.0)
-- alteration:up
create unique index users__tenant_id__primary_email
  on users (tenant_id, lower(primary_email));
alter table users
  add constraint users__username_format check (username is null or username ~ '^[A-Za-z_][A-Za-z0-9_]*$');

-- alteration:down
alter table users drop constraint users__username_format;
drop index users__tenant_id__primary_email;
