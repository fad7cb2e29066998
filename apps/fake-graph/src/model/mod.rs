//! The records of the fake's Instagram, as plain data. They depend on
//! nothing else in the crate, so the state that holds them and the handlers
//! that serve them can both depend on them without a circle.

mod account;
mod code;
mod comment;
mod container;
mod conversation;
mod ice_breaker;
mod media;
mod token;

pub(crate) use account::Account;
pub(crate) use code::Code;
pub(crate) use comment::Comment;
pub(crate) use container::{Container, ContainerKind, Status};
pub(crate) use conversation::{Attachment, Conversation, Message, Peer};
pub(crate) use ice_breaker::LocaleQuestions;
pub(crate) use media::{Kind, Media, Product};
pub(crate) use token::{Token, TokenKind};
