-- The industries members may name. A writer with role ingest names only catalogued industries, so it cannot put a
-- member into a group of its own making; an admin adds industries (explicitly, or by writing a member with a new
-- code). Every industry already named by a member is catalogued here, so existing data keeps working.
create table industry (
    code     varchar(64) primary key,
    name     varchar(200),
    added_at timestamptz not null default now(),
    added_by text not null
);

insert into industry (code, added_by)
select distinct industry, 'migration' from member order by 1;

-- A member's industry is always in the catalogue, whichever path wrote it.
alter table member add constraint member_industry_catalogued foreign key (industry) references industry (code);
