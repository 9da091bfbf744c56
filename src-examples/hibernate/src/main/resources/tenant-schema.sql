create table author (id bigint not null, name varchar(255), primary key (id));
create table book (id bigint not null, title varchar(255), author_id bigint, primary key (id),
  foreign key (author_id) references author (id));
