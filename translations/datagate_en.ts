<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ChartsPanel</name>
    <message numerus="yes">
        <source>Last %n hour(s)</source>
        <translation>
            <numerusform>Last %n hour</numerusform>
            <numerusform>Last %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n minute(s)</source>
        <translation>
            <numerusform>Last %n minute</numerusform>
            <numerusform>Last %n minutes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClientFilterModel</name>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n client</numerusform>
            <numerusform>%n clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n client(s)</source>
        <extracomment>%1 is how many clients match the filter; %n is how many there are.</extracomment>
        <translation>
            <numerusform>%1 of %n client</numerusform>
            <numerusform>%1 of %n clients</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message numerus="yes">
        <source>&amp;Resume (%n new)</source>
        <translation>
            <numerusform>&amp;Resume (%n new)</numerusform>
            <numerusform>&amp;Resume (%n new)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Disconnect %n client(s)? They can connect again at once.</source>
        <translation>
            <numerusform>Disconnect %n client? They can connect again at once.</numerusform>
            <numerusform>Disconnect %n clients? They can connect again at once.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Disconnected %n client(s)</source>
        <translation>
            <numerusform>Disconnected %n client</numerusform>
            <numerusform>Disconnected %n clients</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProviderModel</name>
    <message numerus="yes">
        <source>%n failure(s) in a row</source>
        <translation>
            <numerusform>%n failure in a row</numerusform>
            <numerusform>%n failures in a row</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RemoteSource</name>
    <message numerus="yes">
        <source>%1 did not greet on its WebSocket within %n second(s).</source>
        <translation>
            <numerusform>%1 did not greet on its WebSocket within %n second.</numerusform>
            <numerusform>%1 did not greet on its WebSocket within %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>%1 did not answer within %n second.</numerusform>
            <numerusform>%1 did not answer within %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerOverview</name>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n client</numerusform>
            <numerusform>%n clients</numerusform>
        </translation>
    </message>
</context>
</TS>
