<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>app::TrainingController</name>
    <message numerus="yes">
        <source>Training stopped after %n minute(s), as asked, at iteration %1; press Start to continue.</source>
        <translation>
            <numerusform>Training stopped after %n minute, as asked, at iteration %1; press Start to continue.</numerusform>
            <numerusform>Training stopped after %n minutes, as asked, at iteration %1; press Start to continue.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>app::deviceText</name>
    <message numerus="yes">
        <source>CPU, %n thread(s)</source>
        <translation>
            <numerusform>CPU, %n thread</numerusform>
            <numerusform>CPU, %n threads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::DatasetPane</name>
    <message numerus="yes">
        <source>Add %n sources to %1</source>
        <translation>
            <numerusform>Add %n source to %1</numerusform>
            <numerusform>Add %n sources to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n source(s) from %1</source>
        <translation>
            <numerusform>Remove %n source from %1</numerusform>
            <numerusform>Remove %n sources from %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n image(s)</source>
        <translation>
            <numerusform>%1: %n image</numerusform>
            <numerusform>%1: %n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n unreadable</source>
        <translation>
            <numerusform>%1 · %n unreadable</numerusform>
            <numerusform>%1 · %n unreadable</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::NewProjectWizard</name>
    <message numerus="yes">
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt;: %n picture(s)</source>
        <translation>
            <numerusform>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt;: %n picture</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt;: %n pictures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;br&gt;&lt;b&gt;%1&lt;/b&gt;: %n picture(s)&lt;/p&gt;</source>
        <translation>
            <numerusform>&lt;br&gt;&lt;b&gt;%1&lt;/b&gt;: %n picture&lt;/p&gt;</numerusform>
            <numerusform>&lt;br&gt;&lt;b&gt;%1&lt;/b&gt;: %n pictures&lt;/p&gt;</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::OfficialImportDialog</name>
    <message numerus="yes">
        <source>Found %n saved epoch(s) and train_opt.txt.</source>
        <translation>
            <numerusform>Found %n saved epoch and train_opt.txt.</numerusform>
            <numerusform>Found %n saved epochs and train_opt.txt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %n saved epoch(s); without train_opt.txt the paper&apos;s settings are used.</source>
        <translation>
            <numerusform>Found %n saved epoch; without train_opt.txt the paper&apos;s settings are used.</numerusform>
            <numerusform>Found %n saved epochs; without train_opt.txt the paper&apos;s settings are used.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::StyleDropZone</name>
    <message numerus="yes">
        <source>&lt;b&gt;%n picture(s)&lt;/b&gt; in %1</source>
        <translation>
            <numerusform>&lt;b&gt;%n picture&lt;/b&gt; in %1</numerusform>
            <numerusform>&lt;b&gt;%n pictures&lt;/b&gt; in %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::TrainPanel</name>
    <message numerus="yes">
        <source>the first %n residual block(s)</source>
        <translation>
            <numerusform>the first residual block</numerusform>
            <numerusform>the first %n residual blocks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Give %n pyramid weight(s), not negative, at least one above zero, separated by commas.</source>
        <translation>
            <numerusform>Give %n pyramid weight, not negative, above zero.</numerusform>
            <numerusform>Give %n pyramid weights, not negative, at least one above zero, separated by commas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The image size is too small for %n pyramid level(s); the coarsest must be at least 8 px.</source>
        <translation>
            <numerusform>The image size is too small for %n pyramid level; it must be at least 8 px.</numerusform>
            <numerusform>The image size is too small for %n pyramid levels; the coarsest must be at least 8 px.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::TranslateView</name>
    <message numerus="yes">
        <source>Export cancelled after %n image(s).</source>
        <translation>
            <numerusform>Export cancelled after %n image.</numerusform>
            <numerusform>Export cancelled after %n images.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n image(s).</source>
        <translation>
            <numerusform>Exported %n image.</numerusform>
            <numerusform>Exported %n images.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped:</source>
        <translation>
            <numerusform>%n file skipped:</numerusform>
            <numerusform>%n files skipped:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 (%n frame(s)).</source>
        <translation>
            <numerusform>Wrote %1 (%n frame).</numerusform>
            <numerusform>Wrote %1 (%n frames).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 × %2, %3 fps, %n frame(s)</source>
        <translation>
            <numerusform>%1 × %2, %3 fps, %n frame</numerusform>
            <numerusform>%1 × %2, %3 fps, %n frames</numerusform>
        </translation>
    </message>
</context>
</TS>
