-- Profile data moves out of users into user_profiles; the avatars move with it.
-- logto:accept dropped-column users.avatar: breaks 1.2.0 instances, which read and write users.avatar; they must be stopped before 1.3.0 is deployed (no rolling upgrade from 1.2.0)
-- alteration:up
create table user_profiles (
  user_id varchar(21) primary key references users (id) on delete cascade,
  avatar varchar(2048),
  locale varchar(16)
);
insert into user_profiles (user_id, avatar)
  select id, avatar from users where avatar is not null;
alter table users drop column avatar;

-- alteration:down
alter table users add column avatar varchar(2048);
update users set avatar = p.avatar from user_profiles p where p.user_id = users.id;
drop table user_profiles;
