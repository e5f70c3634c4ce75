-- Team aggregates need each member's team and pillars: the score and its feed carry them.
alter table daily_score add column team_id varchar(64);

alter table score_change add column team_id varchar(64);
alter table score_change add column brand numeric(5, 2) not null default 0;
alter table score_change add column find numeric(5, 2) not null default 0;
alter table score_change add column engage numeric(5, 2) not null default 0;
alter table score_change add column relationships numeric(5, 2) not null default 0;
