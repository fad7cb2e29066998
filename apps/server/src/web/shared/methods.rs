//! `get(…).post(…)` as poem's, but a 405 answer carries `Allow` with the
//! methods the path takes (poem's router reports only that none matched).

use poem::http::{Method, StatusCode};
use poem::{Endpoint, IntoEndpoint, Request, Response, RouteMethod};

/// The `Allow` value of a 405 error, set as the error's data and turned into
/// the header where errors are rendered ([`crate::middleware::render_errors`]).
#[derive(Clone, Debug)]
pub struct Allow(pub String);

pub struct Methods {
    route: RouteMethod,
    allow: Vec<Method>,
}

pub fn get<E>(ep: E) -> Methods
where
    E: IntoEndpoint,
    E::Endpoint: 'static,
{
    Methods {
        route: RouteMethod::new(),
        allow: Vec::new(),
    }
    .get(ep)
}

pub fn post<E>(ep: E) -> Methods
where
    E: IntoEndpoint,
    E::Endpoint: 'static,
{
    Methods {
        route: RouteMethod::new(),
        allow: Vec::new(),
    }
    .post(ep)
}

impl Methods {
    pub fn get<E>(mut self, ep: E) -> Self
    where
        E: IntoEndpoint,
        E::Endpoint: 'static,
    {
        self.route = self.route.get(ep);
        self.allow.extend([Method::GET, Method::HEAD]);
        self
    }

    pub fn post<E>(mut self, ep: E) -> Self
    where
        E: IntoEndpoint,
        E::Endpoint: 'static,
    {
        self.route = self.route.post(ep);
        self.allow.push(Method::POST);
        self
    }

    /// The methods the path takes (`GET`, `POST`; `HEAD` goes with `GET`).
    pub fn method_names(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        for m in &self.allow {
            let name = match *m {
                Method::GET => "GET",
                Method::POST => "POST",
                _ => continue,
            };
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Whether the path takes a POST (a form, or a signed callback).
    pub fn takes_post(&self) -> bool {
        self.allow.contains(&Method::POST)
    }

    fn allow_value(&self) -> String {
        let mut names: Vec<&str> = self.allow.iter().map(Method::as_str).collect();
        names.sort_unstable();
        names.dedup();
        names.join(", ")
    }
}

impl Endpoint for Methods {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        match self.route.call(req).await {
            Err(mut e) if e.status() == StatusCode::METHOD_NOT_ALLOWED => {
                e.set_data(Allow(self.allow_value()));
                Err(e)
            }
            other => other,
        }
    }
}
