-- Applications get a type; existing ones are traditional web applications.
-- alteration:up
create type application_type as enum ('Native', 'SPA', 'Traditional', 'MachineToMachine');
alter table applications add column type application_type not null default 'Traditional';

-- alteration:down
alter table applications drop column type;
drop type application_type;
