-- "name" was ambiguous next to "username".
-- logto:accept dropped-column users.name: the rename breaks 1.1.0 instances, which read and write users.name; they must be stopped before 1.2.0 is deployed (no rolling upgrade from 1.1.0)
-- alteration:up
alter table users rename column name to display_name;

-- alteration:down
alter table users rename column display_name to name;
