"""A minimal WebKitGTK browser for WebKitWebDriver, like MiniBrowser --automation but persistent.

MiniBrowser (GTK 3 API) puts automation sessions in an ephemeral website data manager, and WebKit
prints console messages only for pages of a persistent session. This browser is the same
WebKitGTK (webkit2gtk-4.1 through GObject introspection) with a persistent data manager in the
folder given by --data-dir, so that console lines are written (to standard error, as
enable-write-console-messages-to-stdout does here). Everything else is WebKitGTK's defaults (cookie
policy "no third party", no ITP).

Options: --automation (required by WebKitWebDriver), --data-dir=DIR, --proxy=URL, --languages=a,b.
"""
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402


def main(argv):
    data_dir = None
    proxy = None
    languages = None
    for a in argv[1:]:
        if a.startswith("--data-dir="):
            data_dir = a.split("=", 1)[1]
        elif a.startswith("--proxy="):
            proxy = a.split("=", 1)[1]
        elif a.startswith("--languages="):
            languages = [x for x in a.split("=", 1)[1].split(",") if x]
    if not data_dir:
        print("browser.py: --data-dir=DIR is required", file=sys.stderr)
        return 2
    Gtk.init([])
    manager = WebKit2.WebsiteDataManager(base_data_directory=data_dir + "/data", base_cache_directory=data_dir + "/cache")
    if proxy:
        manager.set_network_proxy_settings(WebKit2.NetworkProxyMode.CUSTOM, WebKit2.NetworkProxySettings.new(proxy, []))
    context = WebKit2.WebContext(website_data_manager=manager)
    context.set_automation_allowed(True)
    if languages:
        context.set_preferred_languages(languages)
    settings = WebKit2.Settings()
    settings.set_enable_write_console_messages_to_stdout(True)
    settings.set_enable_developer_extras(True)
    windows = []

    def create_view(session):
        view = WebKit2.WebView(web_context=context, settings=settings, is_controlled_by_automation=True)
        window = Gtk.Window()
        window.set_default_size(800, 600)
        window.add(view)
        window.show_all()
        windows.append(window)
        view.connect("close", lambda v: window.destroy())
        return view

    def automation_started(ctx, session):
        info = WebKit2.ApplicationInfo.new()
        info.set_name("corsim-webkit")
        info.set_version(WebKit2.get_major_version(), WebKit2.get_minor_version(), WebKit2.get_micro_version())
        session.set_application_info(info)
        session.connect("create-web-view", create_view)

    context.connect("automation-started", automation_started)
    loop = GLib.MainLoop()
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
