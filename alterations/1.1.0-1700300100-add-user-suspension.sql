-- Administrators can suspend a user.
-- alteration:up
alter table users add column is_suspended boolean not null default false;
comment on column users.is_suspended is 'A suspended user cannot sign in.';

-- alteration:down
alter table users drop column is_suspended;
