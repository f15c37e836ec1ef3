"""iCalendar (RFC 5545) feed of a driver's stops, written with vobject (an Odoo
requirement): escaping, line folding and UTC times are the library's."""

import vobject


def calendar(name, events):
    """Serialized VCALENDAR. ``events``: dicts with ``uid``, ``start``/``end`` (aware
    datetimes), ``summary``, ``location``, ``description``, ``stamp`` (aware datetime)."""
    cal = vobject.iCalendar()
    cal.add("prodid").value = "-//Operations Suite//Dispatch Board//EN"
    cal.add("x-wr-calname").value = name
    for event in events:
        vevent = cal.add("vevent")
        vevent.add("uid").value = event["uid"]
        vevent.add("dtstamp").value = event["stamp"]
        vevent.add("dtstart").value = event["start"]
        vevent.add("dtend").value = event["end"]
        vevent.add("summary").value = event["summary"]
        if event.get("location"):
            vevent.add("location").value = event["location"]
        if event.get("description"):
            vevent.add("description").value = event["description"]
    return cal.serialize()
