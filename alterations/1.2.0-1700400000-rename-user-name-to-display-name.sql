-- "name" was ambiguous next to "username".
-- alteration:up
alter table users rename column name to display_name;

-- alteration:down
alter table users rename column display_name to name;
