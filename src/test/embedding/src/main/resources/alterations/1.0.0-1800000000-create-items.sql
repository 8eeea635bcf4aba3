-- The inventory's items.
-- alteration:up
create table items (
  id bigint generated always as identity primary key,
  name text not null
);

-- alteration:down
drop table items;
