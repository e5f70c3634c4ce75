-- Team aggregates need each member's team and pillars.
alter table member_score add column team_id varchar(64);
alter table member_score add column brand numeric(5, 2) not null default 0;
alter table member_score add column find numeric(5, 2) not null default 0;
alter table member_score add column engage numeric(5, 2) not null default 0;
alter table member_score add column relationships numeric(5, 2) not null default 0;
