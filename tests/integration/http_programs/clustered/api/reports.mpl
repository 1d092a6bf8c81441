# A handler in another module: its runtime name is `Api.Reports.list_reports`.
pub fn list_reports(request :: Request) -> Response do
  HTTP.response(200, json { reports: 0, path: Request.path(request) })
end

pub fn show_report(request :: Request) -> Response do
  case Request.param(request, "id") do
    Some(id) -> HTTP.response(200, "report ${id}")
    None -> HTTP.response(404, "no id")
  end
end
