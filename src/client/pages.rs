//! Walking a list page by page.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{CallOptions, HiflyClient};
use crate::core::*;

/// A page being fetched.
type PageFuture<L> = Pin<Box<dyn Future<Output = Result<<L as Endpoint>::Output, Error>>>>;

/// The API's default page size, used by the iterators unless told otherwise.
pub const DEFAULT_PAGE_SIZE: i64 = 20;
/// The iterators stop after this many pages, whatever the server says.
pub const MAX_PAGES: i64 = 1000;

/// Every item of every page of a list: an empty page ends it, and so does a short one, a page
/// that repeats the one before (a server that ignores `page`) or the page cap. A short first page
/// of a size above the API's default (20) is not taken for the end: the server may cap the size
/// it serves, so the next page is asked for too.
///
/// Walk it with `while let Some(item) = pages.next().await`, or as a `futures::Stream` (with
/// `StreamExt`'s combinators). A page being fetched when a `next()` is dropped is kept, and the
/// next call goes on with it; its per-attempt timeout (the client's `timeout_ms`, 60 s by
/// default) keeps running meanwhile, so a walk left alone for longer than that ends with a
/// `timeout` error on its next call.
pub struct Pages<L: ListQuery> {
    client: HiflyClient,
    page: Page,
    options: CallOptions,
    buffer: VecDeque<L::Item>,
    last: Vec<L::Item>,
    /// The longest page so far: the size the server actually serves.
    longest: usize,
    done: bool,
    /// The page being fetched, if any.
    pending: Option<PageFuture<L>>,
}

impl<L: ListQuery> Pages<L> {
    /// The walk over list `L` with `size` and `kind`; bad values are refused now.
    pub(crate) fn new(
        client: &HiflyClient,
        kind: Option<i64>,
        size: Option<i64>,
        options: CallOptions,
    ) -> Result<Pages<L>, Error> {
        let page = Page {
            page: Some(1),
            size: Some(size.unwrap_or(DEFAULT_PAGE_SIZE)),
            kind,
        };
        L::for_page(page).validate()?;
        if let Some(ms) = options.timeout_ms {
            validate::duration_ms("timeoutMs", ms)?;
        }
        Ok(Pages {
            client: client.clone(),
            page,
            options,
            buffer: VecDeque::new(),
            last: Vec::new(),
            longest: 0,
            done: false,
            pending: None,
        })
    }
}

impl<L: ListQuery + 'static> Pages<L> {
    /// The next item, `None` after the last.
    pub async fn next(&mut self) -> Option<Result<L::Item, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<L::Item, Error>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            let number = self.page.page.unwrap_or(1);
            let pending = match &mut self.pending {
                Some(pending) => pending,
                None if self.done || number > MAX_PAGES => return Poll::Ready(None),
                None => {
                    let client = self.client.clone();
                    let (query, options) = (L::for_page(self.page), self.options.clone());
                    self.pending
                        .insert(Box::pin(async move { client.call(&query, &options).await }))
                }
            };
            let Poll::Ready(answer) = pending.as_mut().poll(cx) else {
                return Poll::Pending;
            };
            self.pending = None;
            let items = match answer {
                Ok(out) => L::items(out),
                Err(e) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
            };
            let size = self.page.size.unwrap_or(DEFAULT_PAGE_SIZE);
            let n = items.len();
            // Short: under what was asked, and under what the server served before (or, on the
            // first page, at most the API's default size, which no server caps below).
            let short = (n as i64) < size
                && (n < self.longest || (self.longest == 0 && size <= DEFAULT_PAGE_SIZE));
            if items.is_empty() || items == self.last {
                self.done = true;
                return Poll::Ready(None);
            }
            if short {
                self.done = true;
            }
            self.longest = self.longest.max(n);
            self.page.page = Some(number + 1);
            self.buffer.extend(items.iter().cloned());
            self.last = items;
        }
    }
}

// No field is pinned through a `Pages` (the page future is boxed), so moving one is always fine.
impl<L: ListQuery> Unpin for Pages<L> {}

impl<L: ListQuery + 'static> futures_core::Stream for Pages<L> {
    type Item = Result<L::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl HiflyClient {
    /// Every avatar of a list (`kind` 1 own, 2 public), page by page.
    pub fn avatars(
        &self,
        kind: Option<i64>,
        size: Option<i64>,
    ) -> Result<Pages<ListAvatars>, Error> {
        Pages::new(self, kind, size, CallOptions::default())
    }

    /// Every voice of a list (`kind` 1 own, 2 public), page by page.
    pub fn voices(&self, kind: Option<i64>, size: Option<i64>) -> Result<Pages<ListVoices>, Error> {
        Pages::new(self, kind, size, CallOptions::default())
    }
}
